"""Row and column labels the text renderer prints (national template wording)."""

INCOME_ROWS = {"final": ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
                         "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
               "budget": ("一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "财政专户管理资金收入",
                          "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入")}
FUNC_TABLES = {  # (stage, kind): value columns and the FuncLine values they print
    ("final", "income"): ("本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入", "total gpb zero zero zero zero other"),
    ("final", "expenditure"): ("本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出", "total basic project zero zero zero"),
    ("final", "gpb_expenditure"): ("合计 基本支出 项目支出", "gpb gpb_basic gpb_project"),
    ("budget", "income"): ("合计 财政拨款收入 事业收入 事业单位经营收入 上级补助收入 附属单位上缴收入 其他收入", "total gpb zero zero zero zero other"),
    ("budget", "expenditure"): ("合计 基本支出 项目支出 事业单位经营支出 上缴上级支出 对附属单位补助支出", "total basic project zero zero zero"),
    ("budget", "gpb_expenditure"): ("合计 基本支出 _ _ 项目支出", "gpb gpb_basic personnel public_use gpb_project"),
}
COUNT_LABELS = (("outbound_groups", "因公出国（境）团组数（个）"), ("outbound_persons", "因公出国（境）人次（人）"),
                ("vehicles_purchased", "公务用车购置数（辆）"), ("vehicle_stock", "公务用车保有量（辆）"),
                ("domestic_reception_batches", "国内公务接待批次（个）"), ("domestic_reception_persons", "国内公务接待人次（人）"))
OPERATING_PARTS = (("办公及印刷费", "30201 30202"), ("邮电费", "30207"), ("差旅费", "30211"), ("会议费", "30215"), ("福利费", "30229"),
                   ("日常维修费", "30213"), ("专用材料及一般设备购置费", "30218 31002 31003"), ("办公用房水电费", "30205 30206"),
                   ("办公用房取暖费", "30208"), ("办公用房物业管理费", "30209"), ("公务用车运行维护费", "30231"))
VEHICLE_KINDS = ("副部（省）级及以上领导用车", "主要负责人用车", "机要通信用车", "应急保障用车", "执法执勤用车", "特种专业技术用车",
                 "离退休干部服务用车", "其他用车")
COMBINED_TITLE = "机关运行经费支出、国有资产占用情况及政府采购支出信息表"
