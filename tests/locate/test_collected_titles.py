"""Titles that real reports nobody showed us print on their contents pages (目录) and above their tables, each
with the kind it names (None: a heading or note that names no table). Collected from 34 reports of 19 provinces
(部门/单位, 预算/决算, 2016-2024), one block per report with its public source address; the titles are as printed
(numbering, page numbers, Word PAGEREF fields and the printer's typos kept). bench/RESULTS.md has the before/after.
"""

import pytest

from pipelines.locate.titles import match_title

COLLECTED = [
    # 四川 泸州市中医医院 2023 单位决算 (Word 目录 with PAGEREF fields, dropped first characters): http://www.lzszyyy.com/content/3654.html
    ("一、收入支出决算总表 PAGEREF _Toc20349 h 22", "summary"),
    ("二、收入决算表 PAGEREF _Toc4418 h 22", "income"),
    ("三、出决算表 PAGEREF _Toc6022 h 22", "expenditure"),
    ("四、政拨款收入支出决算总表 PAGEREF _Toc7791 h 22", "fiscal_summary"),
    ("五、政拨款支出决算明细表 PAGEREF _Toc1866 h 22", "expenditure_detail"),
    ("六、般公共预算财政拨款支出决算表 PAGEREF _Toc13285 h 22", "gpb_expenditure"),
    # 湖北 随州曾都区河道堤防建设管理处 2021 部门决算: https://pdf.wenkuvip.com/archives/769xb3le5kpb0lmzpngj.html
    ("表 1:收入支出决算总表", "summary"),
    ("表 4:财政拨款收入支出决算总表", "fiscal_summary"),
    ("表 6:一般公共预算财政拨款基本支出决算表", "gpb_basic_expenditure"),
    ("表 7:一般公共预算财政拨款“三公”经费支出决算表", "three_public"),
    ("表 9:国有资本经营预算财政拨款支出决算表", "soe_capital"),
    # 陕西 柞水县审计局 2020 部门决算: http://219.145.244.73:88/html/zwgk/czysjs/118395.html
    ("二、收入决算总表", "income"),
    ("三、支出决算总表", "expenditure"),
    ("七、一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", "three_public"),
    # 四川 渠县农业综合技术服务中心 2024 单位决算: http://www.quxian.gov.cn/xxgk-show-64159.html
    ("五、财政拨款支出决算明细表", "expenditure_detail"),
    ("六、一般公共预算财政拨款支出决算表", "gpb_expenditure"),
    ("七、一般公共预算财政拨款支出决算明细表", "expenditure_detail"),
    ("八、一般公共预算财政拨款基本支出决算明细表", "gpb_basic_expenditure"),
    ("九、一般公共预算财政拨款项目支出决算表", "gpb_project_expenditure"),
    ("十、政府性基金预算财政拨款收入支出决算表", "gov_fund"),
    ("十一、国有资本经营预算财政拨款收入支出决算表", "soe_capital"),
    ("十二、国有资本经营预算财政拨款支出决算表", "soe_capital"),
    ("十三、财政拨款“三公”经费支出决算表", "three_public"),
    # 广东 湛江市人民政府行政服务中心 2021 部门决算: https://gosugo.com/zdlyxxgk/czyjshsg/bmyjs/bmjs/2021/content/post_1669527.html
    ("六、一般公共预算财政拨款基本支出决算明细表", "gpb_basic_expenditure"),
    ("九、国有资本经营预算财政拨款支出决算表", "soe_capital"),
    # 湖南 岳阳市新港区 2022 部门决算: https://cljxgq.yueyang.gov.cn/21640/21651/21833/content_2116500.html
    ("七、政府性基金预算财政拨款收入支出决算表", "gov_fund"),
    ("九、财政拨款“三公”经费支出决算表", "three_public"),
    # 湖南 岳阳楼区枫桥湖街道 2023 部门决算: https://www.yylq.gov.cn/21487/21498/21516/70071/71237/content_2324552.html
    ("二、收入决算表", "income"),
    ("三、支出决算表", "expenditure"),
    # 四川 阿坝州人民医院 2023 单位决算: http://abzrmyy.com/News/View.asp?ID=8828
    ("五、财政拨款支出决算明细表", "expenditure_detail"),
    ("七、一般公共预算财政拨款支出决算明细表", "expenditure_detail"),
    # 广西 桂林市人民医院 2022 部门决算: http://www.glrmyy.com/sitefiles/services/cms/page.aspx?c=8976&n=160
    ("表一:收入支出决算总表", "summary"),
    ("表五:一般公共预算财政拨款支出决算表", "gpb_expenditure"),
    ("表九:财政拨款安排的“三公”经费支出决算表", "three_public"),
    ("表十:预算绩效自评情况表", "performance"),
    # 江苏 南通市国资委 2016 预算: http://gzw.nantong.gov.cn/ntsgzw/bmyjshsg/content/ae192308-2880-4f59-87b1-2c3334e66205.html
    ("2016年市国资委财政拨款“三公”经费预算表", "three_public"),
    # 内蒙古 公共资源交易中心 2022 部门决算: http://219.148.175.179/zwgk/cwgk/202404/t20240428_37744.html?slb=true
    ("五、项目收入支出决算表", "project_list"),
    ("七、一般公共预算财政拨款基本支出决算明细表", "gpb_basic_expenditure"),
    ("八、一般公共预算财政拨款项目支出决算明细表", "gpb_project_expenditure"),
    ("十二、机构运行经费支出、国有资产占用情况及政府采购支出信息表", "operating_costs_assets_procurement"),
    # 山东 省直部门 2016-2018 预算/决算 (docsplayer): https://docsplayer.com/amp/106989306-2018年山东省商业集团有限公司部门预算.html
    ("( 一 ) 高等学校收支决算总表", "summary"),
    ("( 二 ) 高等学校收入决算表", "income"),
    ("( 三 ) 高等学校支出决算表", "expenditure"),
    ("一 2016 年收支预算总表 ( 功能分类科目 )", "summary"),
    ("二 2016 年收支预算总表 ( 经济分类科目 )", "summary"),
    ("三 2016 年收入预算表", "income"),
    ("四 财政拨款收支预算表", "fiscal_summary"),
    ("七 财政拨款安排的基本支出预算表", "fiscal_basic_expenditure"),
    ("八 政府采购预算表", "procurement"),
    ("九 一般公共预算 三公 经费支出表", "three_public"),
    ("表 1 重庆市秀山土家族苗族自治县人民法院财政拨款收支总表", "fiscal_summary"),
    # 云南 洱源县西山乡 2023 部门决算: http://eryuan.gov.cn/eyxrmzf/c106797/202408/d20b3309950b4846b6fd861a6d581e84.shtml
    ("四、财政拨款收入支出决算表", "fiscal_summary"),
    ("五、一般公共预算财政拨款收入支出决算表", "gpb_expenditure"),
    ("七、一般公共预算财政拨款项目支出决算表", "gpb_project_expenditure"),
    ("九、国有资本经营预算财政拨款收入支出决算表", "soe_capital"),
    ("十、财政拨款“三公”经费、行政参公单位机关运行经费情况表", "three_public"),
    ("十一、一般公共预算财政拨款“三公”经费情况表", "three_public"),
    ("十二、国有资产使用情况表", "assets"),
    ("十四、 部门整体支出绩效自评表", "performance"),
    ("十五、 项目支出绩效自评表", "performance"),
    # 安徽 萧县龙城镇 2023 部门决算: https://www.ahxx.gov.cn/public/257/161525491.html
    ("附件:1.2023年度项目支出绩效自评表", "performance"),
    ("七、政府性基金预算财政拨款收入支出决算表", "gov_fund"),
    # 江西 赣州市沙河中心小学 2022 单位决算: https://pdf.chddh.cn/archives/r9pk6xl4ggd6pldjgq3y.html
    ("十、国有资产占用情况表", "assets"),
    ("六、一般公共预算财政拨款基本支出决算表", "gpb_basic_expenditure"),
    # 安徽 宿州埇桥区西二铺镇中心学校 2022 单位决算: https://www.szyq.gov.cn/grassroots/6623541/159977391.html
    ("八、国有资本经营预算财政拨款支出决算表", "soe_capital"),
    # 广西 北海市城市照明管理处 2023 单位决算: http://www.beihai.gov.cn/xxgkbm/bhscszmglc/qtzyxxgk_50/bmjsgk_46/t18942429.shtml
    ("表六:一般公共预算财政拨款基本支出决算明细表", "gpb_basic_expenditure"),
    ("表九:财政拨款“三公”经费支出决算表", "three_public"),
    # 湖南 岳阳市国资委 2022 部门决算: http://yueyang.gov.cn/zwgk/62389/62391/content_2129538.html
    ("四、财政拨款收入支出决算总表", "fiscal_summary"),
    # 河南 民盟许昌市委 2022 决算: http://www.mmxc.gov.cn/html_l.aspx?id=907
    ("五、一般公共预算财政拨款支出决算表", "gpb_expenditure"),
    # 海南 华侨商业学校 2022 决算: https://m.bidcenter.com.cn/news-17-246293950.html
    ("财决公开01表", None),
    # 山东 沂源县中庄镇社庄完全小学 2024 单位预算: http://www.yiyuan.gov.cn/gongkai/site_yyxjyhtyj/channel_633153389acde32ccd45ebc7/doc_673e84d49aaab7eb974b4394.html
    ("一、收支总体情况表", "summary"),
    ("二、收入总体情况表", "income"),
    ("三、支出总体情况表", "expenditure"),
    ("四、财政拨款收支总体情况表", "fiscal_summary"),
    ("五、一般公共预算支出情况表", "gpb_expenditure"),
    ("六、一般公共预算基本支出情况表", "gpb_basic_expenditure"),
    ("七、一般公共预算“三公”经费支出情况表", "three_public"),
    ("八、政府性基金预算支出情况表", "gov_fund"),
    ("九、国有资本经营预算支出情况表", "soe_capital"),
    ("十、基本支出预算情况表", "basic_expenditure"),
    ("十一、项目支出预算情况表", "project_list"),
    ("十二、政府采购预算情况表", "procurement"),
    # 湖南 新晃县禾滩镇中学 2024 部门预算: https://www.xinhuang.gov.cn/xinhuang/c113345/202401/2977d7fcf395483aa30e7b66da72ffee.shtml
    ("1、收支总表", "summary"),
    ("2、收入总表", "income"),
    ("3、支出总表", "expenditure"),
    ("4、支出预算分类汇总表(按政府预算经济分类)", "expenditure_econ"),
    ("5、支出预算分类汇总表(按部门预算经济分类)", "expenditure_econ"),
    ("6、财政拨款收支总表", "fiscal_summary"),
    ("7、一般公共预算支出表", "gpb_expenditure"),
    ("8、一般公共预算基本支出表", "gpb_basic_expenditure"),
    ("9、一般公共预算基本支出表--人员经费(工资福利支出)(按政府预算经济分类)", "gpb_basic_expenditure"),
    ("14、一般公共预算基本支出表--公用经费(商品和服务支出)(按部门预算经济分类)", "gpb_basic_expenditure"),
    ("15、一般公共预算“三公”经费支出表", "three_public"),
    ("16、政府性基金预算支出表", "gov_fund"),
    ("17、政府性基金预算支出分类汇总表(按政府预算经济分类)", "gov_fund"),
    ("19、国有资本经营预算支出表", "soe_capital"),
    ("20、财政专户管理资金预算支出表", "special_funds"),
    ("21、专项资金预算汇总表", "special_funds"),
    # 四川 大英县隆盛镇石门小学校 2024 部门预算: https://dyrmt.com/article-148753-1.html
    ("表1. 部门收支总表", "summary"),
    ("表1-1. 部门收入总表", "income"),
    ("表1-2. 部门支出总表", "expenditure"),
    ("表2. 财政拨款收支预算总表", "fiscal_summary"),
    ("表2-1. 财政拨款支出预算表(政府经济分类科目)", "fiscal_expenditure"),
    ("表3. 一般公共预算支出预算表", "gpb_expenditure"),
    ("表3-1. 一般公共预算基本支出预算表", "gpb_basic_expenditure"),
    ("表3-2. 一般公共预算项目支出预算表", "gpb_project_expenditure"),
    ("表3-3. 一般公共预算“三公”经费支出预算表", "three_public"),
    ("表4. 政府性基金支出预算表", "gov_fund"),
    ("表4-1. 政府性基金预算“三公”经费支出预算表", "three_public"),
    ("表5. 国有资本经营预算支出预算表", "soe_capital"),
    ("表1. 部门预算项目支出绩效目标表", "performance"),
    # 湖北 曾都区财政局 2018 部门决算: http://www.zengdu.gov.cn/zwgk/fdzdgknr/czzj/czyjs/czjszd/2018nbmczjs/202008/t20200810_823341.shtml
    ("表1:财政拨款收支决算总体情况表", "fiscal_summary"),
    ("表2:一般公开预算支出决算情况表", "gpb_expenditure"),
    ("表3:一般公开预算财政拨款基本支出决算情况表", "gpb_basic_expenditure"),
    ("表4:一般公开预算“三公”经费支出决算情况表", "three_public"),
    ("表5:政府性基金预算支出情况决算表", "gov_fund"),
    ("表6:部门收支决算总体情况表", "summary"),
    ("表7:部门收入决算总体情况表", "income"),
    ("表8:部门支出决算总体情况表", "expenditure"),
    # 甘肃 白银市人民检察院 2020 部门决算: http://www.baiyin.jcy.gov.cn/info/1126/1506.htm
    ("六、一般公共预算财政拨款基本支出决算表", "gpb_basic_expenditure"),
    # 甘肃 天水 卫生院 2023 部门决算: http://www.tsqs.gov.cn/info/1110/793500.htm
    ("七、政府性基金预算财政拨款收入支出决算表", "gov_fund"),
    # 宁夏 海原县高崖乡卫生院 2023 部门决算: http://www.hy.gov.cn/xxgk/zfxxgkml/czyjs/bmjs_54786/2023/202411/t20241127_4740672.html
    ("政府性基金预算财政拨款收入支出决算表", "gov_fund"),
    ("国有资本经营预算财政拨款支出决算表", "soe_capital"),
    ("七、财政拨款“三公”经费支出决算表", "three_public"),
    # 湖北 广水市白泉卫生院 2023 部门决算: http://www.guangshui.gov.cn/zwgk/xxgkml/czzj/czyjs/czyjsxb/2024yjs/gsswsjkj/js2023/202411/t20241107_1270836.shtml
    ("六、一般公共预算财政拨款基本支出决算明细表", "gpb_basic_expenditure"),
    # 天津 北辰区宸宜幼儿园 2022 部门决算: https://www.tjbc.gov.cn/zwgk/zfxxgk/xxgk_wbj/zjyq_xxgk_jyj/xxgk_fdzdgk_jyj/xxgk_czyjs_jyj/202310/t20231008_6423424.html
    ("二、收入决算表(按功能分类列示) 2", "income"),
    ("三、收入决算表(按单位列示) 2", "income"),
    ("五、财政拨款收入支出决算总表 2", "fiscal_summary"),
    ("十、一般公共预算财政拨款“三公”经费支出决算表 2", "three_public"),
    ("十一、项目支出决算表 2", "project_list"),
    ("十二、关于空表的说明 3", None),
    # 云南 昆明市呈贡区第一幼儿园 2022 部门决算: http://www.kmcg.gov.cn/c/2023-11-06/6726629.shtml
    ("五、一般公共预算财政拨款收入支出决算表", "gpb_expenditure"),
    ("十、“三公”经费、行政参公单位机关运行经费情况表", "three_public"),
    # 西藏 山南市第四实验幼儿园 2022 部门决算 (预算 table names): http://www.shannan.gov.cn/zwgk/zdlyxxgk/yjsgk/202309/t20230921_125470.html
    ("第二部分 山南市第四实验幼儿园2022年度部门决算明细表", None),
    ("一、财政拨款收支总表", "fiscal_summary"),
    ("二、一般公共预算支出表", "gpb_expenditure"),
    ("四、一般公共预算“三公”经费支出表", "three_public"),
    ("六、部门收支总表", "summary"),
    ("七、部门收入总表", "income"),
    ("八、部门支出总表", "expenditure"),
    # 甘肃 高台县第二幼儿园 2022 部门决算: http://gaotai.gov.cn/zfxxgk/fdzdgknr/zdmsxx/sgjfjyjs/bmjsjsgjf/202309/t20230923_1117238.html
    ("九、财政拨款“三公”经费支出决算表", "three_public"),
    # 云南 保山市国资委 2021 部门决算: https://alkalih2o.com/info/3983/4101094.htm
    ("九、“三公”经费、行政参公单位机关运行经费情况表", "three_public"),
    ("八、国有资本经营预算财政拨款收入支出决算表", "soe_capital"),
    # 辽宁 本溪观音阁经济开发区管委会 2023 部门决算: http://bx.gov.cn/publicity/xzfxx/czyjs/bmjs/qtbmjs/124833
    ("七、财政拨款“三公”经费支出决算表", "three_public"),
    ("第四部分 2023年度辽宁省本溪观音阁经济开发区管委会部门决算表", None),
]


@pytest.mark.parametrize("printed, kind", COLLECTED)
def test_a_printed_title_names_its_kind(printed, kind):
    match = match_title(printed)
    assert (match.kind if match else None) == kind
