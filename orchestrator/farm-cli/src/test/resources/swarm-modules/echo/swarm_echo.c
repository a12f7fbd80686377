// SPDX-License-Identifier: GPL-2.0
/* A fixture module of kmodfarm's swarm test. */
#include <linux/init.h>
#include <linux/module.h>

static int depth = 3;
module_param(depth, int, 0444);
MODULE_PARM_DESC(depth, "how deep");

static int __init swarm_echo_init(void)
{
	return 0;
}

static void __exit swarm_echo_exit(void)
{
}

module_init(swarm_echo_init);
module_exit(swarm_echo_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmodfarm swarm fixture swarm_echo");
MODULE_ALIAS("pci:v00001AF4d00001000sv*sd*bc*sc*i*");
