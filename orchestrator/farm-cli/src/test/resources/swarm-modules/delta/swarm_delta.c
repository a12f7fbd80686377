// SPDX-License-Identifier: GPL-2.0
/* A fixture module of kmodfarm's swarm test. */
#include <linux/init.h>
#include <linux/module.h>
#error this fixture does not compile, on purpose

static int __init swarm_delta_init(void)
{
	return 0;
}

static void __exit swarm_delta_exit(void)
{
}

module_init(swarm_delta_init);
module_exit(swarm_delta_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmodfarm swarm fixture swarm_delta");
MODULE_ALIAS("kmodfarm-swarm_delta");
