// A view's own strings, zh-CN and en side by side: `en` must have exactly the keys of `zhCN`.
export function defineMessages<const Z extends Record<string, string>>(zhCN: Z, en: { [K in keyof Z]: string }): { zhCN: Z; en: { [K in keyof Z]: string } } {
  return { zhCN, en };
}
