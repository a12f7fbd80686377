// SPDX-License-Identifier: GPL-2.0
/* A fixture module of kmodfarm's swarm test. */
#include <linux/init.h>
#include <linux/module.h>


static int __init swarm_alpha_init(void)
{
	return 0;
}

static void __exit swarm_alpha_exit(void)
{
}

module_init(swarm_alpha_init);
module_exit(swarm_alpha_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmodfarm swarm fixture swarm_alpha");
MODULE_ALIAS("kmodfarm-swarm_alpha");
