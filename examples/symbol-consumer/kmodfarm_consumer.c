// SPDX-License-Identifier: GPL-2.0
/*
 * Calls a symbol that kmodfarm-provider exports: it links only when the provider's Module.symvers is given to
 * modpost (KBUILD_EXTRA_SYMBOLS, which kmodfarm autoinstall sets from the BUILD_DEPENDS it built first).
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

int kmodfarm_provider_answer(void);

static int __init kmodfarm_consumer_init(void)
{
	pr_info("kmodfarm_consumer: the provider answers %d\n", kmodfarm_provider_answer());
	return 0;
}

static void __exit kmodfarm_consumer_exit(void)
{
}

module_init(kmodfarm_consumer_init);
module_exit(kmodfarm_consumer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmodfarm example: uses a symbol of another DKMS module (BUILD_DEPENDS)");
MODULE_VERSION("1.0");
