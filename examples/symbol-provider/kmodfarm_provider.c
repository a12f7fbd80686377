// SPDX-License-Identifier: GPL-2.0
/* Exports one symbol for kmodfarm-consumer, which names this module in its BUILD_DEPENDS. */
#include <linux/init.h>
#include <linux/module.h>

int kmodfarm_provider_answer(void)
{
	return 42;
}
EXPORT_SYMBOL_GPL(kmodfarm_provider_answer);

static int __init kmodfarm_provider_init(void)
{
	return 0;
}

static void __exit kmodfarm_provider_exit(void)
{
}

module_init(kmodfarm_provider_init);
module_exit(kmodfarm_provider_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmodfarm example: exports a symbol to another DKMS module");
MODULE_VERSION("1.0");
