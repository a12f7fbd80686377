// SPDX-License-Identifier: GPL-2.0
/* A fixture module of kmodfarm's swarm test. */
#include <linux/init.h>
#include <linux/module.h>


static int __init swarm_charlie_init(void)
{
	return 0;
}

static void __exit swarm_charlie_exit(void)
{
}

module_init(swarm_charlie_init);
module_exit(swarm_charlie_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmodfarm swarm fixture swarm_charlie");
MODULE_ALIAS("kmodfarm-swarm_charlie");
