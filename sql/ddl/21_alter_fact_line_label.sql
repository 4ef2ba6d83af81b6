-- The printed path that keys a row with no code of its own (政府采购 project and 品目 lines: item procurement_project /
-- procurement_article, line_label '一、货物A / 信息网络建设费 / 信息网络及软件购置更新 / PC服务器 / 政府集中采购'); null for every
-- coded or canonical fact. Many lines share one item, so views pairing facts by key pair them by it too.
alter table fact_amount add column if not exists line_label varchar;
