// SPDX-License-Identifier: GPL-2.0
/* kmodfarm's example module: the smallest module that proves a kernel's headers and compiler work. */
#include <linux/init.h>
#include <linux/module.h>

static int __init kmodfarm_hello_init(void)
{
	pr_info("kmodfarm hello: loaded\n");
	return 0;
}

static void __exit kmodfarm_hello_exit(void)
{
	pr_info("kmodfarm hello: unloaded\n");
}

module_init(kmodfarm_hello_init);
module_exit(kmodfarm_hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmodfarm example module");
MODULE_VERSION("0.1");
MODULE_ALIAS("kmodfarm-hello");
