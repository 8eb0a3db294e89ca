"""The violation catalogue: the seed's serious violations with their points, and medium and minor ones of ours."""

from lms.domain import N_

#: code -> (name, points, severity). Serious ones and their points are the seed's (pay-grade rules).
CATALOGUE = {
    "absence": (N_("无故缺勤（旷工）"), 20, "serious"),
    "quarrel": (N_("与客户争吵（经核实的有效投诉）"), 20, "serious"),
    "outsiders": (N_("带外部人员进入工作区"), 10, "serious"),
    "equipment": (N_("私自拆卸或带走公司设备"), 20, "serious"),
    "monthly_fail": (N_("当月考核不合格（两次及以上中等或四次及以上轻微违规）"), 20, "serious"),
    "incident": (N_("突发事件超过规定时间 30分钟未处理"), 20, "serious"),
    "promise": (N_("擅自向客户承诺发货时间或赠品"), 5, "medium"),
    "script": (N_("未按规范使用服务用语"), 5, "medium"),
    "late": (N_("迟到或早退"), 2, "minor"),
    "desk": (N_("在工位处理私事（吃零食、化妆、戴耳机等）"), 2, "minor"),
}
SEVERITIES = {"serious": N_("严重"), "medium": N_("中等"), "minor": N_("轻微")}
