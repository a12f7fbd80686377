// SPDX-License-Identifier: GPL-2.0
/* A fixture module of kmodfarm's swarm test. */
#include <linux/init.h>
#include <linux/module.h>


static int __init swarm_bravo_b_init(void)
{
	return 0;
}

static void __exit swarm_bravo_b_exit(void)
{
}

module_init(swarm_bravo_b_init);
module_exit(swarm_bravo_b_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmodfarm swarm fixture swarm_bravo_b");
MODULE_ALIAS("kmodfarm-swarm_bravo_b");
