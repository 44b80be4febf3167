<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="122" />
        <source>无法设置签到站点</source>
        <translation>Cannot set up the check-in station</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="123" />
        <source>站点包“{0}”不能使用：
{1}

数据库未作任何改动。</source>
        <translation>The station package "{0}" cannot be used:
{1}

The database was not changed.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="157" />
        <source>正在核对站点包并设置签到站点…</source>
        <translation>Checking the station package and setting up the station…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="181" />
        <source>正在打开工作区…</source>
        <translation>Opening the workspace…</translation>
    </message>
</context>
<context>
    <name>ArrivalsList</name>
    <message>
        <location filename="../../ui/desk/lists.py" line="140" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="141" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="142" />
        <source>车 座 组</source>
        <translation>Bus · seat · group</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="143" />
        <source>方式</source>
        <translation>How</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="144" />
        <source>签到点</source>
        <translation>Station</translation>
    </message>
</context>
<context>
    <name>CallListDialog</name>
    <message>
        <location filename="../../ui/call_list.py" line="29" />
        <source>电话通知</source>
        <translation>Phone notices</translation>
    </message>
    <message>
        <location filename="../../ui/call_list.py" line="32" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/call_list.py" line="33" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/call_list.py" line="34" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/call_list.py" line="35" />
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../ui/call_list.py" line="36" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/call_list.py" line="37" />
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ui/call_list.py" line="81" />
        <source>请先选择要记录的人</source>
        <translation>Choose the person first</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <location filename="../../ui/conflicts_view.py" line="28" />
        <source>重复签到</source>
        <translation>Double check-in</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="29" />
        <source>异地撤销</source>
        <translation>Undone at another station</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="30" />
        <source>座位重复</source>
        <translation>Seat given twice</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="69" />
        <location filename="../../ui/conflicts_view.py" line="154" />
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="70" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="74" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="76" />
        <source>记录处理意见…</source>
        <translation>Record decision…</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="79" />
        <source>合并签到点数据…</source>
        <translation>Merge station data…</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="80" />
        <source>导入各签到点用U盘带回的签到数据包，核验后合并</source>
        <translation>Import the bundles the stations brought back on USB sticks; each is verified before merging</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="85" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="86" />
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="87" />
        <source>签到点</source>
        <translation>Stations</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="88" />
        <source>处理意见</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="89" />
        <source>说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="96" />
        <source>拒收的文件（未合并其中任何记录）</source>
        <translation>Refused files (nothing of them was merged)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="97" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="97" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="103" />
        <source>显示：</source>
        <translation>Show:</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="135" />
        <source>冲突 {0} 项，待处理 {1} 项</source>
        <translation>{0} conflicts, {1} open</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="152" />
        <source>未知人员</source>
        <translation>Unknown person</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="179" />
        <source>请先选择一个冲突</source>
        <translation>Select a conflict first</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="182" />
        <source>这个冲突已处理：{0}</source>
        <translation>This conflict has been settled: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="185" />
        <source>记录处理意见</source>
        <translation>Record decision</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="189" />
        <source>{0}

以哪次为准（选择一条记录，或自行填写处理意见）：</source>
        <translation>{0}

Which record stands? (choose a station's record, or type the decision):</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="196" />
        <source>{0}

处理意见：</source>
        <translation>{0}

Decision:</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="198" />
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="199" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="223" />
        <source>已记录处理意见</source>
        <translation>Decision recorded</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="232" />
        <source>选择签到点导出的数据包</source>
        <translation>Choose the bundles the stations exported</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="233" />
        <source>签到数据包 (*.bundle);;所有文件 (*)</source>
        <translation>Check-in bundles (*.bundle);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="247" />
        <source>正在核验并合并 {0} 个数据包…</source>
        <translation>Verifying and merging {0} bundles…</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="256" />
        <source>新合并 {0} 条记录，已有 {1} 条；拒收 {2} 个文件；冲突 {3} 项（待处理 {4} 项）</source>
        <translation>Merged {0} new records, {1} already here; {2} files refused; {3} conflicts ({4} open)</translation>
    </message>
</context>
<context>
    <name>CountersBar</name>
    <message>
        <location filename="../../ui/desk/lists.py" line="119" />
        <source>应到 {0}　已到 {1}　未到 {2}</source>
        <translation>Expected {0}　Arrived {1}　Missing {2}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="121" />
        <source>　现场登记 {0}</source>
        <translation>　Walk-ins {0}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="125" />
        <source>{0} {1}/{2}</source>
        <translation>{0} {1}/{2}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="126" />
        <source>（缺{0}）</source>
        <translation> ({0} missing)</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../ui/dashboard_view.py" line="63" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="65" />
        <source>导出报告…</source>
        <translation>Export report…</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="67" />
        <source>清除个人信息…</source>
        <translation>Purge personal data…</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="69" />
        <source>保存期满后清除本活动报名人的姓名、电话和证件信息；人数统计和报告保留</source>
        <translation>Once the retention period is over, erase the names, phones and ID documents of this event's applicants; counts and reports are kept</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="74" />
        <location filename="../../ui/dashboard_view.py" line="315" />
        <source>签到人数（累计）</source>
        <translation>Check-ins (cumulative)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="83" />
        <location filename="../../ui/dashboard_view.py" line="106" />
        <location filename="../../ui/dashboard_view.py" line="115" />
        <location filename="../../ui/dashboard_view.py" line="126" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="84" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="85" />
        <source>名额</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="86" />
        <location filename="../../ui/dashboard_view.py" line="97" />
        <source>确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="88" />
        <location filename="../../ui/dashboard_view.py" line="99" />
        <location filename="../../ui/dashboard_view.py" line="109" />
        <source>实到</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="89" />
        <location filename="../../ui/dashboard_view.py" line="100" />
        <location filename="../../ui/dashboard_view.py" line="179" />
        <source>现场登记</source>
        <translation>Walk-ins</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="90" />
        <location filename="../../ui/dashboard_view.py" line="101" />
        <location filename="../../ui/dashboard_view.py" line="110" />
        <source>未到</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="91" />
        <source>观摩点</source>
        <translation>Sites</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="96" />
        <location filename="../../ui/dashboard_view.py" line="119" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="107" />
        <location filename="../../ui/dashboard_view.py" line="120" />
        <source>车辆</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="87" />
        <location filename="../../ui/dashboard_view.py" line="98" />
        <location filename="../../ui/dashboard_view.py" line="108" />
        <source>应到</source>
        <translation>Expected</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="116" />
        <location filename="../../ui/dashboard_view.py" line="127" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="117" />
        <location filename="../../ui/dashboard_view.py" line="128" />
        <source>证件号</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="118" />
        <location filename="../../ui/dashboard_view.py" line="129" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="121" />
        <source>座位</source>
        <translation>Seat</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="130" />
        <location filename="../../ui/dashboard_view.py" line="137" />
        <location filename="../../ui/dashboard_view.py" line="171" />
        <source>签到点</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="131" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="132" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="138" />
        <source>已合并至</source>
        <translation>Merged up to</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="139" />
        <source>最后同步</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="140" />
        <source>记录数</source>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="141" />
        <source>最后记录</source>
        <translation>Last record</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="142" />
        <source>未发送</source>
        <translation>Unsent</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="147" />
        <source>签到点的名称</source>
        <translation>The station's name</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="148" />
        <source>办公室已收到该签到点第几条记录为止（数据包合并或联网同步）</source>
        <translation>Up to which of the station's records the office holds (merged bundles or live sync)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="149" />
        <source>最近一次合并该签到点数据包或联网同步的时间</source>
        <translation>When a bundle of this station was last merged or it last synced live</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="150" />
        <source>本库中该签到点的签到、撤销等记录条数</source>
        <translation>How many records (check-ins, undos, ...) of this station this database holds</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="151" />
        <source>该签到点最后一条记录的时间</source>
        <translation>The time of the station's latest record</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="152" />
        <source>本机签到点尚未导出数据包、也未经联网确认的记录条数</source>
        <translation>Records of this computer's station neither exported in a bundle nor confirmed by the hub</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="160" />
        <source>各签到点的记录经U盘数据包（冲突处理 → 合并签到点数据）或联网同步到达办公室。“本机”是本库自己的签到台，记录就在这里，无需合并。</source>
        <translation>Each station's records reach the office on a USB bundle (Conflicts → Merge station data) or by live sync. "This computer" is this database's own desk: its records are here already and need no merging.</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="171" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="171" />
        <source>说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="171" />
        <source>处理意见</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="175" />
        <source>按活动</source>
        <translation>By activity</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="176" />
        <source>按类别</source>
        <translation>By category</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="177" />
        <source>按车辆</source>
        <translation>By vehicle</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="178" />
        <source>未到人员</source>
        <translation>No-shows</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="180" />
        <source>签到点同步</source>
        <translation>Station sync</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="181" />
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="229" />
        <source>意见建议：本周到期 {0} 条 · 逾期 {1} 条</source>
        <translation>Opinions: {0} due this week · {1} late</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="240" />
        <source>应到 {0} 人 · 实到 {1} 人（现场登记 {2}）· 未到 {3} 人 · 冲突 {4}（待处理 {5}）</source>
        <translation>Expected {0} · arrived {1} (walk-ins {2}) · missing {3} · conflicts {4} ({5} open)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="248" />
        <source>应到：确认参加的 {0} 人，加上未经确认而放行入场的 {1} 人</source>
        <translation>Expected: the {0} confirmed, plus {1} let in without confirmation</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="384" />
        <source>{0}没有需要清除的个人信息</source>
        <translation>{0} holds no personal data left to purge</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="402" />
        <source>将清除{0}{1} 名报名人的姓名、电话、证件信息、工作单位和备注，签到记录中的人员标识一并改写；人数统计和报告保留。
最早可清除日期：{2}。此操作不可撤销。

清除原因：</source>
        <translation>This removes the names, phones, ID data, work units and remarks of {1} registrants of {0}, and rewrites the person keys in the check-in log; counts and reports are kept.
Earliest purge date: {2}. This cannot be undone.

Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="413" />
        <source>确定清除{0}{1} 人的个人信息？此操作不可撤销。</source>
        <translation>Purge the personal data of {1} people of {0}? This cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="431" />
        <source>已清除{0}{1} 人的个人信息，改写签到记录 {2} 条；已记录本次清除</source>
        <translation>Purged the personal data of {1} people of {0} and rewrote {2} log records; the purge is recorded</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="277" />
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="280" />
        <source>冲突（{0}）</source>
        <translation>Conflicts ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="281" />
        <source>活动开展情况：{0}</source>
        <translation>Summary: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="288" />
        <source>本机</source>
        <translation>This computer</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="288" />
        <source>本机（无需同步）</source>
        <translation>This computer (no sync needed)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="290" />
        <source>未合并</source>
        <translation>Not merged</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="292" />
        <source>第 {0} 条</source>
        <translation>Record {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="293" />
        <source>从未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="297" />
        <source>无需发送</source>
        <translation>Nothing to send</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="297" />
        <source>在该签到点查看</source>
        <translation>See on that station</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="298" />
        <source>尚无记录</source>
        <translation>No records yet</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="313" />
        <source>签到人数（累计）：尚无签到</source>
        <translation>Check-ins (cumulative): none yet</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="323" />
        <source>{0} {1}月{2}日</source>
        <translation>{0} {1}/{2}</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="345" />
        <source>导出报告</source>
        <translation>Export report</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="345" />
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="365" />
        <source>已导出报告：{0}（实到 {1} 人，未到 {2} 人）</source>
        <translation>Report exported: {0} ({1} arrived, {2} missing)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="386" />
        <source>{0}年{1}月{2}日</source>
        <translation>{1}/{2}/{0}</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="394" />
        <source>{0}的个人信息须保存至活动结束后{1}天（答复意见建议），最早可于{2}清除</source>
        <translation>The personal data of {0} must be kept for {1} days after the event (to answer opinions); it can be purged from {2}</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="400" />
        <source>清除个人信息</source>
        <translation>Purge personal data</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="406" />
        <source>保存期限已满</source>
        <translation>Retention period over</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard_view.py" line="412" />
        <source>确认清除</source>
        <translation>Confirm purge</translation>
    </message>
</context>
<context>
    <name>DeskDialogs</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="34" />
        <source>签到人员</source>
        <translation>Desk operator</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="35" />
        <source>请输入您的姓名（记录在每次签到中）：</source>
        <translation>Your name (recorded with every check-in):</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="45" />
        <source>签到点名称</source>
        <translation>Station name</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="46" />
        <source>办公室签到台的名称（记录在每次签到中，不能与签到站点重名）：</source>
        <translation>Name of the office's desk (recorded with every check-in; not the name of a station):</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="57" />
        <source>主管解锁</source>
        <translation>Supervisor unlock</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="58" />
        <source>请输入主管密码：</source>
        <translation>Supervisor PIN:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="74" />
        <source>查找签到</source>
        <translation>Check in from search</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="77" />
        <source>签到</source>
        <translation>Check in</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="80" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="100" />
        <source>打开签到台</source>
        <translation>Open check-in desk</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="101" />
        <source>签到的活动项目：</source>
        <translation>Activity to check in for:</translation>
    </message>
</context>
<context>
    <name>DeskLists</name>
    <message>
        <location filename="../../ui/desk/lists.py" line="27" />
        <source>签到</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="28" />
        <source>现场登记</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="29" />
        <source>主管放行</source>
        <translation>Override</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="32" />
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="33" />
        <source>已报名</source>
        <translation>Applied</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="34" />
        <source>候补</source>
        <translation>Waitlisted</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="35" />
        <source>本人谢绝</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="36" />
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../ui/desk/window.py" line="163" />
        <source>签到台</source>
        <translation>Check-in desk</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="171" />
        <source>串口扫码枪出错：{0}</source>
        <translation>Serial scanner error: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="233" />
        <source>更换签到员</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="236" />
        <source>更改签到点</source>
        <translation>Rename station</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="241" />
        <location filename="../../ui/desk/window.py" line="690" />
        <source>主管解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="243" />
        <source>提示音</source>
        <translation>Beeps</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="246" />
        <source>语音播报</source>
        <translation>Voice</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="249" />
        <source>全屏 (F11)</source>
        <translation>Full screen (F11)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="291" />
        <location filename="../../ui/desk/window.py" line="644" />
        <source>摄像头未开启</source>
        <translation>Camera off</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="319" />
        <source>扫码/证件号/手工码</source>
        <translation>Scan / ID number / manual code</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="320" />
        <source>扫码 / 证件号 / 手工码，回车</source>
        <translation>Scan or type ID / code, Enter</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="344" />
        <source>撤销签到…</source>
        <translation>Undo check-in…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="346" />
        <source>主管放行…</source>
        <translation>Admit anyway…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="348" />
        <source>现场登记…</source>
        <translation>Walk-in…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="371" />
        <source>显示电话</source>
        <translation>Show phones</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="382" />
        <source>已到</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="383" />
        <source>未到</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="404" />
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="406" />
        <source>{0}月{1}日</source>
        <translation>{0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="411" />
        <source>签到台 · {0}</source>
        <translation>Check-in desk · {0}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="421" />
        <source>名单 {0} 人</source>
        <translation>{0} on the list</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="461" />
        <source>已到 {0}</source>
        <translation>Arrived {0}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="462" />
        <source>未到 {0}</source>
        <translation>Missing {0}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="563" />
        <source>找到 {0} 人，请先用 ↑↓ 或单击选中要签到的人</source>
        <translation>{0} people found: pick the one to check in first (↑↓ or a click)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="570" />
        <source>确认为 {0} 签到？</source>
        <translation>Check in {0}?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="572" />
        <source>同名 {0} 人，请核对证件：{1}</source>
        <translation>{0} people share this name, check the ID: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="585" />
        <source>不使用摄像头</source>
        <translation>No camera</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="588" />
        <source>视频源：{0}</source>
        <translation>Video source: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="600" />
        <source>未找到摄像头：请用扫码枪或手工输入</source>
        <translation>No camera found: use the scanner or type the code</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="617" />
        <source>摄像头：{0}</source>
        <translation>Camera: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="621" />
        <source>无法打开摄像头“{0}”：请检查连接；扫码枪和手工输入照常可用</source>
        <translation>Cannot open camera “{0}”: check the connection; the scanner and typing still work</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="627" />
        <source>摄像头“{0}”已断开，正在重连；扫码枪和手工输入照常可用</source>
        <translation>Camera “{0}” disconnected, reconnecting; the scanner and typing still work</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="632" />
        <source>视频“{0}”已播放完毕</source>
        <translation>Video “{0}” has ended</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="635" />
        <source>正在打开摄像头“{0}”…</source>
        <translation>Opening camera “{0}”…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="662" />
        <source>无摄像头画面</source>
        <translation>No camera picture</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="669" />
        <source>不使用串口扫码枪</source>
        <translation>No serial scanner</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="678" />
        <source>无法打开串口 {0}：{1}</source>
        <translation>Cannot open serial port {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="688" />
        <source>主管</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="688" />
        <source>签到员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="690" />
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="735" />
        <source>主管已解锁：可撤销、放行、现场登记、显示电话</source>
        <translation>Supervisor unlocked: undo, admit anyway, walk-ins, show phones</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="739" />
        <source>已锁定为签到员</source>
        <translation>Locked to operator mode</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="743" />
        <source>此操作需要主管解锁</source>
        <translation>This needs a supervisor unlock</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="777" />
        <source>请先在“已到”列表中选中要撤销的人</source>
        <translation>First select the person to undo in the “Arrived” list</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="780" />
        <source>撤销签到</source>
        <translation>Undo check-in</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="780" />
        <source>撤销“{0}”的签到，原因：</source>
        <translation>Undo the check-in of “{0}”, reason:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="799" />
        <source>只能放行刚被拒绝、且查到本人的扫码</source>
        <translation>Only a just-refused scan of a known person can be admitted anyway</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="803" />
        <source>主管放行</source>
        <translation>Admit anyway</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="804" />
        <source>放行“{0}”（{1}），原因：</source>
        <translation>Admit “{0}” anyway ({1}), reason:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="870" />
        <source>请先在“未到”列表中选中一人</source>
        <translation>First select someone in the “Missing” list</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="894" />
        <source>签到点名称无效：{0}。请用 --station 指定1至60个字符的名称</source>
        <translation>Invalid station name: {0}. Use --station to give a name of 1 to 60 characters</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="906" />
        <source>签到点：{0}　签到员：{1}</source>
        <translation>Station: {0}　Operator: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="943" />
        <source>本机没有中文语音，也找不到录音文件：不会播报</source>
        <translation>No Chinese voice or recordings on this computer: no announcements</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="974" />
        <source>全屏签到时，需主管解锁后才能退出</source>
        <translation>In full-screen mode, a supervisor must unlock before closing</translation>
    </message>
</context>
<context>
    <name>EventEditor</name>
    <message>
        <location filename="../../ui/event_editor.py" line="78" />
        <source> 岁</source>
        <translation> years</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="79" />
        <source>邀请对象（两代表一委员、专家学者）优先确认</source>
        <translation>Confirm invited guests (deputies, committee members, experts) first</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="80" />
        <source>保存活动信息</source>
        <translation>Save event</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="82" />
        <source>活动信息</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="84" />
        <location filename="../../ui/event_editor.py" line="137" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="85" />
        <source>主办单位</source>
        <translation>Organiser</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="90" />
        <source>最低年龄</source>
        <translation>Minimum age</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="95" />
        <location filename="../../ui/event_editor.py" line="109" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="95" />
        <location filename="../../ui/event_editor.py" line="142" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="95" />
        <location filename="../../ui/event_editor.py" line="140" />
        <source>名额</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="95" />
        <location filename="../../ui/event_editor.py" line="148" />
        <source>签到时间</source>
        <translation>Sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="105" />
        <source>新增活动项目</source>
        <translation>New activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="107" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="133" />
        <source>保存活动项目</source>
        <translation>Save activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="135" />
        <source>所选活动项目</source>
        <translation>Selected activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="143" />
        <source>集合地点</source>
        <translation>Assembly point</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="146" />
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="151" />
        <source>结束</source>
        <translation>ends</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="153" />
        <source>座谈开始</source>
        <translation>Discussion</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="154" />
        <source>承办单位</source>
        <translation>Host unit</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="157" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="159" />
        <source>负责人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="275" />
        <source>活动信息已保存</source>
        <translation>Event saved</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="300" />
        <source>活动项目已保存</source>
        <translation>Activity saved</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="306" />
        <source>新活动项目</source>
        <translation>New activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="317" />
        <source>已新增活动项目，请填写详情</source>
        <translation>Activity added; please fill in its details</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="326" />
        <source>活动项目已删除</source>
        <translation>Activity deleted</translation>
    </message>
</context>
<context>
    <name>Gender</name>
    <message>
        <location filename="../../ui/participants_view.py" line="61" />
        <source>男</source>
        <translation>M</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="62" />
        <source>女</source>
        <translation>F</translation>
    </message>
</context>
<context>
    <name>HubStatusLight</name>
    <message>
        <location filename="../../ui/hub_status.py" line="119" />
        <source>未连接办公室</source>
        <translation>Not connected to the office</translation>
    </message>
    <message>
        <location filename="../../ui/hub_status.py" line="121" />
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/hub_status.py" line="123" />
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../ui/hub_status.py" line="125" />
        <source>{0} · 待上传 {1} 条</source>
        <translation>{0} · {1} to upload</translation>
    </message>
    <message>
        <location filename="../../ui/hub_status.py" line="130" />
        <source>本站只在本机记录；设置办公室数据库地址后自动同步</source>
        <translation>This station records locally only; it syncs once the office database address is set</translation>
    </message>
    <message>
        <location filename="../../ui/hub_status.py" line="131" />
        <source>上次同步：{0}</source>
        <translation>Last sync: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/hub_status.py" line="135" />
        <source>待上传的记录已保存在本机，恢复连接后自动上传</source>
        <translation>Records waiting for upload are saved on this computer and upload when the connection returns</translation>
    </message>
    <message>
        <location filename="../../ui/hub_status.py" line="140" />
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/import_dialog.py" line="137" />
        <source>表格中的列</source>
        <translation>Column in the sheet</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="137" />
        <source>示例</source>
        <translation>Examples</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="137" />
        <source>对应字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="140" />
        <source>导入后记住这份对应关系（表头相同的文件自动使用）</source>
        <translation>Remember this mapping after the import (used for files with the same header)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="141" />
        <source>按此对应关系预览</source>
        <translation>Preview with this mapping</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="157" />
        <source>请为每一列选择对应的字段，然后预览。</source>
        <translation>Choose the field of each column, then preview.</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="163" />
        <source>忽略</source>
        <translation>Ignore</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="55" />
        <source>导入报名表</source>
        <translation>Import registrations</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="62" />
        <source>尚未选择文件（支持 XLSX、XLS、ODS 和 CSV）</source>
        <translation>No file chosen yet (XLSX, XLS, ODS or CSV)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="64" />
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="67" />
        <source>%v / %m 行</source>
        <translation>%v / %m rows</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="75" />
        <location filename="../../ui/import_dialog.py" line="76" />
        <location filename="../../ui/import_dialog.py" line="77" />
        <location filename="../../ui/import_dialog.py" line="80" />
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="75" />
        <location filename="../../ui/import_dialog.py" line="77" />
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="75" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="76" />
        <location filename="../../ui/import_dialog.py" line="90" />
        <location filename="../../ui/import_dialog.py" line="220" />
        <location filename="../../ui/import_dialog.py" line="295" />
        <source>重复</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="77" />
        <location filename="../../ui/import_dialog.py" line="91" />
        <location filename="../../ui/import_dialog.py" line="220" />
        <location filename="../../ui/import_dialog.py" line="295" />
        <source>提示</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="81" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="82" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="83" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="84" />
        <source>证件号码</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="85" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="89" />
        <location filename="../../ui/import_dialog.py" line="220" />
        <location filename="../../ui/import_dialog.py" line="295" />
        <source>不能导入</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="92" />
        <location filename="../../ui/import_dialog.py" line="220" />
        <source>可导入</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="94" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="97" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="121" />
        <source>导入到：{0}</source>
        <translation>Import into: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="122" />
        <source>导入报名表 · {0}</source>
        <translation>Import registrations · {0}</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="126" />
        <source>选择报名表</source>
        <translation>Choose a registration sheet</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="126" />
        <source>报名表 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)</source>
        <translation>Registration sheets (*.xlsx *.xls *.ods *.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="213" />
        <source>正在检查……</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="259" />
        <source>共 {0} 行：可导入 {1} 行，不能导入 {2} 行（其中重复 {3} 行），提示 {4} 条。</source>
        <translation>{0} rows: {1} accepted, {2} rejected ({3} duplicates), {4} warnings. </translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="271" />
        <source>这个文件已于 {0} 导入过。</source>
        <translation>This file was imported before, at {0}. </translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="273" />
        <source>点击“导入”写入，在此之前不会保存任何数据。</source>
        <translation>Click “Import” to save; nothing is saved before that.</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="333" />
        <source>已导入 {0} 人；{1} 行未导入。</source>
        <translation>Imported {0} people; {1} rows not imported.</translation>
    </message>
</context>
<context>
    <name>ItineraryEditor</name>
    <message>
        <location filename="../../ui/event_editor.py" line="335" />
        <source>行程（观摩点顺序）</source>
        <translation>Itinerary (sites in order)</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="343" />
        <source>观摩点</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="343" />
        <source>路上（分钟）</source>
        <translation>Travel (min)</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="343" />
        <source>停留（分钟）</source>
        <translation>Stay (min)</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="355" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="356" />
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="357" />
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="358" />
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="359" />
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="360" />
        <source>保存行程</source>
        <translation>Save itinerary</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="447" />
        <source>行程已保存</source>
        <translation>Itinerary saved</translation>
    </message>
</context>
<context>
    <name>LeaderWindow</name>
    <message>
        <location filename="../../ui/leader_window.py" line="71" />
        <source>带队名单</source>
        <translation>Group leader roster</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="82" />
        <source>本组在签到台的签到情况，与签到台、看板和报告的统计一致</source>
        <translation>The group's sign-in at the desk, counted as the desk, the dashboard and the report count it</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="83" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="89" />
        <source>座位</source>
        <translation>Seat</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="90" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="91" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="92" />
        <source>需求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="93" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="94" />
        <location filename="../../ui/leader_window.py" line="295" />
        <source>到</source>
        <translation>Here</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="95" />
        <location filename="../../ui/leader_window.py" line="110" />
        <location filename="../../ui/leader_window.py" line="296" />
        <location filename="../../ui/leader_window.py" line="335" />
        <source>未到</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="111" />
        <source>显示电话</source>
        <translation>Show phones</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="113" />
        <source>标记未到</source>
        <translation>Mark missing</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="118" />
        <source>发车 / 离开</source>
        <translation>Depart / leave</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="127" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="128" />
        <source>分组</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="129" />
        <source>点名地点</source>
        <translation>Roll call at</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="207" />
        <source>未能载入</source>
        <translation>Could not load</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="225" />
        <source>{0}　{1}　{2}人</source>
        <translation>{0}　{1}　{2} people</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="244" />
        <source>签到：应到 {0} 已到 {1} 未到 {2}</source>
        <translation>Sign-in: expected {0} arrived {1} missing {2}</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="253" />
        <source>上车（集合点）</source>
        <translation>Boarding (assembly point)</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="302" />
        <source>没有已排座的分组</source>
        <translation>No seated groups</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="306" />
        <source>点名：应到 {0}　实到 {1}</source>
        <translation>Roll call: expected {0}  present {1}</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="335" />
        <source>未到 {0} 人</source>
        <translation>{0} missing</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="459" />
        <source>请先在未到名单中选择要联系的人</source>
        <translation>First choose the person to call in the missing list</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="479" />
        <source>主管解锁</source>
        <translation>Supervisor unlock</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="480" />
        <source>显示完整电话号码须由主管输入主管密码：</source>
        <translation>Showing a full phone number needs the supervisor PIN:</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="498" />
        <source>主管已解锁：可显示完整电话号码</source>
        <translation>Supervisor unlocked: full phone numbers can be shown</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="313" />
        <source>已离开{0}</source>
        <translation>Left {0}</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="316" />
        <source>发车</source>
        <translation>Depart</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="316" />
        <source>离开</source>
        <translation>Leave</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="318" />
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="320" />
        <source>{0}（人数不符，需填写原因）</source>
        <translation>{0} (count differs, reason needed)</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="341" />
        <source>已掉队</source>
        <translation>Left behind</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="343" />
        <source>未签到</source>
        <translation>Not checked in</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="345" />
        <source>已上车</source>
        <translation>On board</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="346" />
        <source>已签到</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="424" />
        <source>人数不符</source>
        <translation>Count differs</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="425" />
        <source>应到{0}人，实到{1}人。确需离开，请填写原因：</source>
        <translation>{0} expected, {1} present. To leave anyway, give a reason:</translation>
    </message>
    <message>
        <location filename="../../ui/leader_window.py" line="444" />
        <source>{0}：已离开{1}</source>
        <translation>{0}: left {1}</translation>
    </message>
</context>
<context>
    <name>LogisticsView</name>
    <message>
        <location filename="../../ui/logistics_view.py" line="79" />
        <source>自动排座</source>
        <translation>Auto-seat</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="81" />
        <source>按同行人、需照顾者和类别均衡排座分组；手动调整过的座位保持不动</source>
        <translation>Seat and group people by companions, care needs and category; seats changed by hand stay</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="84" />
        <source>签到截止后重排</source>
        <translation>Re-seat after check-in closes</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="85" />
        <source>只保留已签到的人，从前排补齐空位；已上车的人不动</source>
        <translation>Keep only checked-in people and fill empty seats from the front; people on board stay</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="100" />
        <source>分组</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="101" />
        <location filename="../../ui/logistics_view.py" line="122" />
        <source>车辆</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="102" />
        <source>带队</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="103" />
        <source>位置</source>
        <translation>Where</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="104" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="105" />
        <source>应到/实到</source>
        <translation>Expected/present</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="106" />
        <source>未到（最后一次）</source>
        <translation>Missing (last seen)</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="115" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="124" />
        <source>人员（拖到座位上）</source>
        <translation>People (drag onto a seat)</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="136" />
        <source>各组动态</source>
        <translation>Groups live</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="174" />
        <source>{0}　{1}/{2}人</source>
        <translation>{0}　{1}/{2} people</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="181" />
        <source>未排座　{0}</source>
        <translation>Unseated　{0}</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="202" />
        <source>（晚{0}分钟）</source>
        <translation> ({0} min late)</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="226" />
        <source>已安排{0}人</source>
        <translation>Seated {0} people</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="230" />
        <source>。{0}人的座位已改，需重印通行证（见“通行证”页的“需重印”）</source>
        <translation>. {0} seats changed: their passes need reprinting (Passes tab, "Needs reprint")</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="272" />
        <source>已把{0}移到{1} {2}座，该座位已固定，自动排座时不再变动</source>
        <translation>Moved {0} to {1} seat {2}; the seat is locked and automatic seating keeps it</translation>
    </message>
    <message>
        <location filename="../../ui/logistics_view.py" line="277" />
        <source>。座位已改，需重印通行证（见“通行证”页的“需重印”）</source>
        <translation>. The seat changed: the printed pass needs reprinting (Passes tab, "Needs reprint")</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="126" />
        <source>电话通知…</source>
        <translation>Phone notices…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123" />
        <source>电话报名…</source>
        <translation>Phone registration…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="57" />
        <source>活动设置</source>
        <translation>Event settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58" />
        <source>观摩点</source>
        <translation>Sites</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="59" />
        <source>报名人员</source>
        <translation>Participants</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="60" />
        <source>均衡选取</source>
        <translation>Balanced selection</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="61" />
        <source>通行证</source>
        <translation>Passes</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="62" />
        <source>车辆座位</source>
        <translation>Vehicles and seats</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="63" />
        <source>当日看板</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="64" />
        <source>冲突处理</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="65" />
        <source>意见建议</source>
        <translation>Opinions</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84" />
        <source>政府开放日 · 办公室</source>
        <translation>Government open day · Office</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91" />
        <source>新建活动</source>
        <translation>New event</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="93" />
        <location filename="../../ui/main_window.py" line="120" />
        <source>导入报名表…</source>
        <translation>Import registrations…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="98" />
        <source>活动</source>
        <translation>Events</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103" />
        <source>打开签到台</source>
        <translation>Open check-in desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109" />
        <source>请在左侧选择或新建一个活动</source>
        <translation>Choose or create an event on the left</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129" />
        <source>带队名单…</source>
        <translation>Group leader roster…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132" />
        <source>打开签到台…</source>
        <translation>Open check-in desk…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="135" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="138" />
        <source>工作区：{0}</source>
        <translation>Workspace: {0}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="157" />
        <source>{0}
%n 个项目 · {1} 人报名</source>
        <translation>
            <numerusform>{0}
%n activity · {1} registered</numerusform>
            <numerusform>{0}
%n activities · {1} registered</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="226" />
        <source>请先选择要导入报名的活动</source>
        <translation>Choose the event to import into first</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="237" />
        <location filename="../../ui/main_window.py" line="247" />
        <location filename="../../ui/main_window.py" line="257" />
        <location filename="../../ui/main_window.py" line="268" />
        <source>请先选择活动</source>
        <translation>Choose an event first</translation>
    </message>
</context>
<context>
    <name>MissingList</name>
    <message>
        <location filename="../../ui/desk/lists.py" line="184" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="184" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="184" />
        <source>车 座 组</source>
        <translation>Bus · seat · group</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="184" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="209" />
        <source>（未留电话）</source>
        <translation>(no phone)</translation>
    </message>
</context>
<context>
    <name>NewEventDialog</name>
    <message>
        <location filename="../../ui/new_event_dialog.py" line="30" />
        <source>新建活动</source>
        <translation>New event</translation>
    </message>
    <message>
        <location filename="../../ui/new_event_dialog.py" line="32" />
        <source>例如：2025年“政府开放日”</source>
        <translation>e.g. 2025 Government Open Day</translation>
    </message>
    <message>
        <location filename="../../ui/new_event_dialog.py" line="34" />
        <source>例如：某市城市管理局</source>
        <translation>e.g. City Administration Bureau</translation>
    </message>
    <message>
        <location filename="../../ui/new_event_dialog.py" line="43" />
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../ui/new_event_dialog.py" line="44" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/new_event_dialog.py" line="48" />
        <source>活动名称</source>
        <translation>Event name</translation>
    </message>
    <message>
        <location filename="../../ui/new_event_dialog.py" line="49" />
        <source>主办单位</source>
        <translation>Organiser</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <location filename="../../ui/operations.py" line="130" />
        <source>内部错误：{0}</source>
        <translation>Internal error: {0}</translation>
    </message>
</context>
<context>
    <name>OpinionsView</name>
    <message>
        <location filename="../../ui/opinions_view.py" line="32" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="33" />
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="34" />
        <source>本周到期</source>
        <translation>Due this week</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="35" />
        <source>逾期</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="36" />
        <location filename="../../ui/opinions_view.py" line="42" />
        <source>已答复</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="40" />
        <source>待交办</source>
        <translation>To assign</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="41" />
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="43" />
        <source>已公开</source>
        <translation>Published</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="63" />
        <source>意见建议内容，回车保存并录入下一条</source>
        <translation>The opinion; Enter saves it and starts the next</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="75" />
        <source>可不填（匿名）</source>
        <translation>Optional (anonymous)</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="78" />
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="80" />
        <source>保存（回车）</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="86" />
        <source>交办…</source>
        <translation>Assign…</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="88" />
        <source>答复…</source>
        <translation>Answer…</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="90" />
        <source>空白征集表…</source>
        <translation>Blank form…</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="91" />
        <source>打印本活动的意见建议征集表（PDF，A4）</source>
        <translation>Print the event's opinion form (PDF, A4)</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="93" />
        <source>办理情况…</source>
        <translation>Handling report…</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="95" />
        <source>导出意见建议办理情况和总结评估（Word 和 Excel），供活动后15天内公开</source>
        <translation>Export how opinions were handled and the evaluation (Word and Excel), for the publication within 15 days</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="98" />
        <source>活动开展情况…</source>
        <translation>Activity report…</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="100" />
        <source>导出活动开展情况草稿（Word：人数、签到图和照片），供活动后3天内公开</source>
        <translation>Export the activity report draft (Word: figures, arrivals chart and photos), for the publication within 3 days</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="103" />
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="103" />
        <source>收到</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="103" />
        <location filename="../../ui/opinions_view.py" line="117" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="103" />
        <location filename="../../ui/opinions_view.py" line="118" />
        <source>话题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="104" />
        <location filename="../../ui/opinions_view.py" line="121" />
        <location filename="../../ui/opinions_view.py" line="244" />
        <source>责任单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="104" />
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="104" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="104" />
        <source>提出人</source>
        <translation>Given by</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="105" />
        <source>内容</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="105" />
        <location filename="../../ui/opinions_view.py" line="261" />
        <source>答复</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="114" />
        <source>意见建议</source>
        <translation>Opinions</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="119" />
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="121" />
        <source>收到日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="122" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="122" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="134" />
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="177" />
        <source>未办结 {0} 条 · 本周到期 {1} 条 · 逾期 {2} 条</source>
        <translation>{0} open · {1} due this week · {2} late</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="189" />
        <source>{0}（逾期）</source>
        <translation>{0} (late)</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="190" />
        <source>现场答复：</source>
        <translation>Answered on the spot: </translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="218" />
        <source>已保存第{0}条，期限 {1}</source>
        <translation>Saved no. {0}, due {1}</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="235" />
        <source>请先在列表中选择一条意见建议</source>
        <translation>Select one opinion in the list first</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="244" />
        <source>交办</source>
        <translation>Assign</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="254" />
        <source>第{0}条已交办{1}</source>
        <translation>No. {0} assigned to {1}</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="261" />
        <source>答复内容</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="271" />
        <source>第{0}条已答复</source>
        <translation>No. {0} answered</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="278" />
        <source>空白意见建议征集表</source>
        <translation>Blank opinion form</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="278" />
        <source>意见建议征集表.pdf</source>
        <translation>opinion form.pdf</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="288" />
        <location filename="../../ui/opinions_view.py" line="322" />
        <source>已写出：{0}</source>
        <translation>Written: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="294" />
        <source>意见建议办理情况</source>
        <translation>How opinions were handled</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="294" />
        <source>意见建议办理情况.docx</source>
        <translation>opinions handled.docx</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="307" />
        <source>活动开展情况</source>
        <translation>Activity report</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="307" />
        <source>活动开展情况.docx</source>
        <translation>activity report.docx</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="311" />
        <source>照片文件夹（可取消：不放照片）</source>
        <translation>Photo folder (cancel for none)</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="324" />
        <source>；按规定应于 {0} 前公开</source>
        <translation>; to be published by {0}</translation>
    </message>
    <message>
        <location filename="../../ui/opinions_view.py" line="326" />
        <source>；未放入的照片：{0}</source>
        <translation>; photos left out: {0}</translation>
    </message>
</context>
<context>
    <name>ParticipantsModel</name>
    <message>
        <location filename="../../ui/participants_view.py" line="91" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="92" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="93" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="94" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="95" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="96" />
        <source>工作单位</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="97" />
        <source>职务</source>
        <translation>Job title</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="98" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="99" />
        <source>证件号码</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="100" />
        <source>同行</source>
        <translation>Companions</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="101" />
        <source>需求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="102" />
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="103" />
        <source>报名时间</source>
        <translation>Registered</translation>
    </message>
</context>
<context>
    <name>ParticipantsView</name>
    <message>
        <location filename="../../ui/participants_view.py" line="209" />
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="215" />
        <source>搜索：姓名、拼音首字母、手机或证件后四位</source>
        <translation>Search: name, pinyin initials, last 4 of phone or ID</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="234" />
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="235" />
        <source>改为候补</source>
        <translation>Waitlist</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="236" />
        <source>本人谢绝</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="237" />
        <source>取消报名</source>
        <translation>Cancel registration</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="253" />
        <source>确认此人</source>
        <translation>Confirm this person</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="254" />
        <source>暂不处理</source>
        <translation>Not now</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="265" />
        <source>选择一人，查看其状态的由来</source>
        <translation>Select a person to see why they have their status</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="269" />
        <source>选取说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="311" />
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="312" />
        <source>全部活动项目</source>
        <translation>All activities</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="347" />
        <source>共 {0} 人</source>
        <translation>{0} people</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="395" />
        <source>活动项目：{0}</source>
        <translation>Activity: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="396" />
        <source>状态：{0}</source>
        <translation>Status: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="401" />
        <source>经过：</source>
        <translation>History:</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="417" />
        <source>将“{0}”改为{1}</source>
        <translation>Set “{0}” to {1}</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="418" />
        <source>原因（记入此人的记录）：</source>
        <translation>Reason (kept in the person's history):</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="444" />
        <source>已改为{0}</source>
        <translation>Changed to {0}</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="463" />
        <source>递补“{0}”空出的名额</source>
        <translation>Fills a seat freed in “{0}”</translation>
    </message>
</context>
<context>
    <name>PassesView</name>
    <message>
        <location filename="../../ui/passes_view.py" line="45" />
        <source>全部活动项目</source>
        <translation>All activities</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="63" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="64" />
        <source>证件号</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="65" />
        <location filename="../../ui/passes_view.py" line="101" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="66" />
        <source>通行证</source>
        <translation>Passes</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="67" />
        <source>发放时间</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="68" />
        <source>手工码</source>
        <translation>Manual code</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="80" />
        <source>发放通行证</source>
        <translation>Issue passes</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="81" />
        <source>为尚无通行证的已确认人员发放</source>
        <translation>For confirmed people who have no pass yet</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="83" />
        <source>补发…</source>
        <translation>Reissue…</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="85" />
        <source>注销…</source>
        <translation>Revoke…</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="87" />
        <source>A6 单张</source>
        <translation>A6 single</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="88" />
        <source>打印 PDF…</source>
        <translation>Print PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="90" />
        <source>导出图片…</source>
        <translation>Export images…</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="52" />
        <location filename="../../ui/passes_view.py" line="210" />
        <source>未发放</source>
        <translation>Not issued</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="212" />
        <source>第{0}版 · 已注销</source>
        <translation>Version {0} · revoked</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="213" />
        <source>第{0}版 · 有效</source>
        <translation>Version {0} · valid</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="156" />
        <source>共 {0} 人：有效通行证 {1} 张，未发放 {2} 人</source>
        <translation>{0} people: {1} valid passes, {2} not issued</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="49" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="50" />
        <source>需重印</source>
        <translation>Needs reprint</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="51" />
        <location filename="../../ui/passes_view.py" line="226" />
        <source>未打印</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="53" />
        <source>打印 PDF 和导出图片只输出列出的人</source>
        <translation>Print PDF and Export images output only the people listed</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="69" />
        <source>车辆座位</source>
        <translation>Vehicles and seats</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="70" />
        <source>打印</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="92" />
        <source>导出通知…</source>
        <translation>Export notices…</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="94" />
        <source>每人一行的通知短信表（已确认者和候补者），供群发短信平台上传</source>
        <translation>One row per person (confirmed and waitlisted) with a ready message, for a bulk-SMS platform's upload</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="103" />
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="160" />
        <source>；座位已改、需重印 {0} 张</source>
        <translation>; {0} need reprinting (seat changed)</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="192" />
        <location filename="../../ui/passes_view.py" line="223" />
        <source>未排座</source>
        <translation>No seat</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="224" />
        <source>座位已改，需重印（打印时为 {0}）</source>
        <translation>Seat changed, reprint (printed with {0})</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="227" />
        <source>已打印 {0}</source>
        <translation>Printed {0}</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="282" />
        <source>已发放通行证 {0} 张</source>
        <translation>Issued {0} passes</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="284" />
        <source>已确认的人员都已有通行证，无需发放</source>
        <translation>Every confirmed person has a pass already: nothing to issue</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="293" />
        <source>补发通行证</source>
        <translation>Reissue pass</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="293" />
        <source>补发“{0}”的通行证，原因：</source>
        <translation>Reissue the pass of “{0}”, reason:</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="306" />
        <source>已补发“{0}”的通行证（第{1}版），旧通行证作废</source>
        <translation>Reissued the pass of “{0}” (version {1}); the old pass is void</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="317" />
        <source>注销通行证</source>
        <translation>Revoke pass</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="317" />
        <source>注销“{0}”的通行证，原因：</source>
        <translation>Revoke the pass of “{0}”, reason:</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="329" />
        <source>已注销“{0}”的通行证</source>
        <translation>Revoked the pass of “{0}”</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="340" />
        <source>打印通行证</source>
        <translation>Print passes</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="340" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="357" />
        <source>已写出 {0} 张通行证（{1} 页）：{2}</source>
        <translation>Wrote {0} passes ({1} pages): {2}</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="372" />
        <source>导出通知</source>
        <translation>Export notices</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="372" />
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="393" />
        <source>已导出通知：已确认 {0} 人，候补 {1} 人：{2}</source>
        <translation>Notices exported: {0} confirmed, {1} waitlisted: {2}</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="398" />
        <source>导出通行证图片到</source>
        <translation>Export pass images to</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="408" />
        <source>已导出 {0} 张图片：{1}</source>
        <translation>Exported {0} images: {1}</translation>
    </message>
</context>
<context>
    <name>PhoneEntryDialog</name>
    <message>
        <location filename="../../ui/phone_entry.py" line="35" />
        <source>电话报名</source>
        <translation>Phone registration</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="41" />
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="41" />
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="48" />
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="51" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="55" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="56" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="57" />
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="58" />
        <source>报名参加哪项活动</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="59" />
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="60" />
        <source>工作单位</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="61" />
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="62" />
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="117" />
        <source>可以添加</source>
        <translation>Ready to add</translation>
    </message>
    <message>
        <location filename="../../ui/phone_entry.py" line="143" />
        <source>已添加：{0}</source>
        <translation>Added: {0}</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/participants_view.py" line="165" />
        <source>例如：电话联系后本人表示当天有事</source>
        <translation>e.g. busy that day, said on the phone</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="169" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="170" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../ui/desk/lists.py" line="237" />
        <source>查找：拼音首字母 / 后4位</source>
        <translation>Find: pinyin initials / last 4 digits</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="238" />
        <source>查找：拼音首字母（如 zs）/ 手机或证件号后4位</source>
        <translation>Find: pinyin initials (e.g. zs) / last 4 digits of phone or ID</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="280" />
        <source>找到 {0} 人：用 ↑↓ 或单击选中，再按回车</source>
        <translation>{0} people found: pick one (↑↓ or a click), then Enter</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="282" />
        <source>回车签到此人（会先确认）</source>
        <translation>Enter checks this person in (asks first)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="290" />
        <source>已签到 {0}</source>
        <translation>Checked in {0}</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="290" />
        <source>未签到</source>
        <translation>Not checked in</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="296" />
        <source>未分车</source>
        <translation>No bus</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lists.py" line="284" />
        <source>查无此人</source>
        <translation>No one found</translation>
    </message>
</context>
<context>
    <name>SeatMap</name>
    <message>
        <location filename="../../ui/seat_map.py" line="148" />
        <source>没有车辆</source>
        <translation>No vehicles</translation>
    </message>
    <message>
        <location filename="../../ui/seat_map.py" line="159" />
        <source>▲ 车头 · 司机</source>
        <translation>▲ Front · driver</translation>
    </message>
    <message>
        <location filename="../../ui/seat_map.py" line="191" />
        <source> 固定</source>
        <translation> fixed</translation>
    </message>
    <message>
        <location filename="../../ui/seat_map.py" line="193" />
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/seat_map.py" line="209" />
        <source>{0}已有{1}</source>
        <translation>{0} taken by {1}</translation>
    </message>
    <message>
        <location filename="../../ui/seat_map.py" line="211" />
        <source>→ {0} {1}</source>
        <translation>→ {0} {1}</translation>
    </message>
</context>
<context>
    <name>SelectionView</name>
    <message>
        <location filename="../../ui/selection_view.py" line="35" />
        <source>均衡选取</source>
        <translation>Balanced selection</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="43" />
        <source>在各活动项目名额内确认报名者，其余列入候补：已确认者保留名额，邀请对象优先（如已设置），其余按类别轮流、类别内按报名先后，同行者同进同退。</source>
        <translation>Confirms applicants within each activity's capacity and waitlists the rest: confirmed people keep their seats, invited guests come first (if set), then categories take turns, in registration order within a category; companions are confirmed together or not at all.</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="50" />
        <location filename="../../ui/selection_view.py" line="60" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="51" />
        <source>名额</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="52" />
        <source>已报名</source>
        <translation>Applied</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="53" />
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="54" />
        <source>候补</source>
        <translation>Waitlisted</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="55" />
        <source>确认（按类别）</source>
        <translation>Confirmed by category</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="56" />
        <source>候补（按类别）</source>
        <translation>Waitlisted by category</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="60" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="60" />
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="60" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="65" />
        <source>各活动项目</source>
        <translation>Activities</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="67" />
        <source>本次选取的决定</source>
        <translation>Decisions of this run</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="161" />
        <source>本次选取的决定（{0} 人，其中 {1} 人状态有变）</source>
        <translation>Decisions of this run ({0} people, {1} changed)</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="166" />
        <source>选取完成：确认 {0} 人，候补 {1} 人。</source>
        <translation>Selection done: {0} confirmed, {1} waitlisted.</translation>
    </message>
</context>
<context>
    <name>SitesEditor</name>
    <message>
        <location filename="../../ui/sites_editor.py" line="36" />
        <location filename="../../ui/sites_editor.py" line="65" />
        <source>观摩点</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="36" />
        <location filename="../../ui/sites_editor.py" line="77" />
        <source>计划时长</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="36" />
        <location filename="../../ui/sites_editor.py" line="79" />
        <source>同时容纳</source>
        <translation>At once</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="36" />
        <location filename="../../ui/sites_editor.py" line="78" />
        <source>负责单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="44" />
        <source>新增观摩点</source>
        <translation>New site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="46" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="53" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="58" />
        <location filename="../../ui/sites_editor.py" line="104" />
        <source>不限</source>
        <translation>No limit</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="59" />
        <source> 人</source>
        <translation> people</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="61" />
        <source>例如：沿标线行走，不得触碰设备</source>
        <translation>e.g. keep to the marked route; do not touch equipment</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="62" />
        <source>保存观摩点</source>
        <translation>Save site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="73" />
        <source>所选观摩点</source>
        <translation>Selected site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="75" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="76" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="80" />
        <source>安全须知</source>
        <translation>Safety notes</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="106" />
        <source>{0} 分钟</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="151" />
        <source>观摩点已保存</source>
        <translation>Site saved</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="157" />
        <source>新观摩点</source>
        <translation>New site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="165" />
        <source>已新增观摩点，请填写详情</source>
        <translation>Site added; please fill in its details</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="174" />
        <source>观摩点已删除</source>
        <translation>Site deleted</translation>
    </message>
</context>
<context>
    <name>Source</name>
    <message>
        <location filename="../../ui/participants_view.py" line="67" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="68" />
        <source>邮件</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="69" />
        <source>现场</source>
        <translation>On site</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="70" />
        <source>网上</source>
        <translation>Online</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <location filename="../../ui/splash.py" line="22" />
        <source>政府开放日 报名·签到·行程</source>
        <translation>Government open day: registration, check-in, itinerary</translation>
    </message>
    <message>
        <location filename="../../ui/splash.py" line="34" />
        <source>正在启动…</source>
        <translation>Starting…</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../ui/participants_view.py" line="48" />
        <source>已报名</source>
        <translation>Applied</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="49" />
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="50" />
        <source>候补</source>
        <translation>Waitlisted</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="51" />
        <source>本人谢绝</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="52" />
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="36" />
        <source>请入场</source>
        <translation>Come in</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="37" />
        <source>已签到</source>
        <translation>Already checked in</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="38" />
        <source>非本场活动</source>
        <translation>Wrong activity</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="39" />
        <source>非今日活动</source>
        <translation>Not today</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="40" />
        <source>未确认参加</source>
        <translation>Not confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="41" />
        <source>候补名单</source>
        <translation>Waiting list</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="42" />
        <source>已取消报名</source>
        <translation>Registration cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="43" />
        <source>通行证已过期</source>
        <translation>Pass outdated</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="44" />
        <source>通行证已注销</source>
        <translation>Pass revoked</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="45" />
        <source>查无此人</source>
        <translation>Not found</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="46" />
        <source>通行证无效</source>
        <translation>Invalid pass</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="47" />
        <source>无法识别</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="48" />
        <source>已撤销签到</source>
        <translation>Check-in undone</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="235" />
        <source>请扫码</source>
        <translation>Please scan</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="237" />
        <source>出示通行证二维码，或输入证件号、手工码</source>
        <translation>Show the pass QR code, or type the ID number or manual code</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="248" />
        <source>未保存，请重扫</source>
        <translation>Not saved, scan again</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="250" />
        <source>本次扫码没有记录成功，不能据此放行</source>
        <translation>This scan was not recorded: do not admit on it</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verdict_panel.py" line="281" />
        <source>{0}座</source>
        <translation>seat {0}</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="117" />
        <source>现场登记</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="130" />
        <source>如：行动不便、需要座位靠前</source>
        <translation>e.g. limited mobility, needs a front seat</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="132" />
        <source>如：报名时漏登记</source>
        <translation>e.g. missed at registration</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="133" />
        <source>超额接收（活动已满时仍登记）</source>
        <translation>Over capacity (register even when the activity is full)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="138" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="139" />
        <source>证件号码</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="140" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="141" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="142" />
        <source>工作单位</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="143" />
        <source>特殊需求</source>
        <translation>Special needs</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="144" />
        <source>登记原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="148" />
        <source>登记并签到</source>
        <translation>Register and check in</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="149" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>file_dialogs</name>
    <message>
        <location filename="../../ui/file_dialogs.py" line="54" />
        <source>文件夹</source>
        <translation>Folder</translation>
    </message>
    <message>
        <location filename="../../ui/file_dialogs.py" line="57" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/file_dialogs.py" line="58" />
        <source>{0} 文件</source>
        <translation>{0} file</translation>
    </message>
    <message>
        <location filename="../../ui/file_dialogs.py" line="105" />
        <source>不能使用这个文件</source>
        <translation>This file cannot be used</translation>
    </message>
    <message>
        <location filename="../../ui/file_dialogs.py" line="106" />
        <source>“{0}”是本工作区的数据库文件，请另选一个文件名。</source>
        <translation>“{0}” is this workspace's database file: choose another file name.</translation>
    </message>
</context>
</TS>