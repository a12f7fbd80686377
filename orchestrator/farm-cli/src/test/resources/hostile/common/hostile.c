// SPDX-License-Identifier: GPL-2.0
/* A harmless module: the hostile part of each fixture is its build script, not this code. */
#include <linux/module.h>

static int __init hostile_init(void)
{
	return 0;
}

static void __exit hostile_exit(void)
{
}

module_init(hostile_init);
module_exit(hostile_exit);
MODULE_LICENSE("GPL");
