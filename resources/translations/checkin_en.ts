<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>EventEditor</name>
    <message>
        <location filename="../../ui/event_editor.py" line="75" />
        <source> 岁</source>
        <translation> years</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="76" />
        <source>邀请对象（两代表一委员、专家学者）优先确认</source>
        <translation>Confirm invited guests (deputies, committee members, experts) first</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="77" />
        <source>保存活动信息</source>
        <translation>Save event</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="79" />
        <source>活动信息</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="81" />
        <location filename="../../ui/event_editor.py" line="134" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="82" />
        <source>主办单位</source>
        <translation>Organiser</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="87" />
        <source>最低年龄</source>
        <translation>Minimum age</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="92" />
        <location filename="../../ui/event_editor.py" line="106" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="92" />
        <location filename="../../ui/event_editor.py" line="139" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="92" />
        <location filename="../../ui/event_editor.py" line="137" />
        <source>名额</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="92" />
        <location filename="../../ui/event_editor.py" line="145" />
        <source>签到时间</source>
        <translation>Sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="102" />
        <source>新增活动项目</source>
        <translation>New activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="104" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="130" />
        <source>保存活动项目</source>
        <translation>Save activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="132" />
        <source>所选活动项目</source>
        <translation>Selected activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="140" />
        <source>集合地点</source>
        <translation>Assembly point</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="143" />
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="148" />
        <source>结束</source>
        <translation>ends</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="150" />
        <source>座谈开始</source>
        <translation>Discussion</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="151" />
        <source>承办单位</source>
        <translation>Host unit</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="154" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="156" />
        <source>负责人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="271" />
        <source>活动信息已保存</source>
        <translation>Event saved</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="296" />
        <source>活动项目已保存</source>
        <translation>Activity saved</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="302" />
        <source>新活动项目</source>
        <translation>New activity</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="312" />
        <source>已新增活动项目，请填写详情</source>
        <translation>Activity added; please fill in its details</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="321" />
        <source>活动项目已删除</source>
        <translation>Activity deleted</translation>
    </message>
</context>
<context>
    <name>Gender</name>
    <message>
        <location filename="../../ui/participants_view.py" line="65" />
        <source>男</source>
        <translation>M</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="66" />
        <source>女</source>
        <translation>F</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/import_dialog.py" line="67" />
        <source>导入报名表</source>
        <translation>Import registrations</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="69" />
        <source>尚未选择文件（支持 XLSX 和 CSV）</source>
        <translation>No file chosen yet (XLSX or CSV)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="71" />
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="74" />
        <source>%v / %m 行</source>
        <translation>%v / %m rows</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="80" />
        <location filename="../../ui/import_dialog.py" line="81" />
        <location filename="../../ui/import_dialog.py" line="82" />
        <location filename="../../ui/import_dialog.py" line="85" />
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="80" />
        <location filename="../../ui/import_dialog.py" line="82" />
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="80" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="81" />
        <location filename="../../ui/import_dialog.py" line="95" />
        <location filename="../../ui/import_dialog.py" line="144" />
        <location filename="../../ui/import_dialog.py" line="215" />
        <source>重复</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="82" />
        <location filename="../../ui/import_dialog.py" line="96" />
        <location filename="../../ui/import_dialog.py" line="144" />
        <location filename="../../ui/import_dialog.py" line="215" />
        <source>提示</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="86" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="87" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="88" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="89" />
        <source>证件号码</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="90" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="94" />
        <location filename="../../ui/import_dialog.py" line="144" />
        <location filename="../../ui/import_dialog.py" line="215" />
        <source>不能导入</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="97" />
        <location filename="../../ui/import_dialog.py" line="144" />
        <source>可导入</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="99" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="102" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="123" />
        <source>选择报名表</source>
        <translation>Choose a registration sheet</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="125" />
        <source>报名表 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Registration sheets (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="137" />
        <source>正在检查……</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="175" />
        <source>共 {0} 行：可导入 {1} 行，不能导入 {2} 行（其中重复 {3} 行），提示 {4} 条。</source>
        <translation>{0} rows: {1} accepted, {2} rejected ({3} duplicates), {4} warnings. </translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="185" />
        <source>这个文件已于 {0}（UTC）导入过。</source>
        <translation>This file was already imported on {0} (UTC). </translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="189" />
        <source>点击“导入”写入，在此之前不会保存任何数据。</source>
        <translation>Click “Import” to save; nothing is saved before that.</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="197" />
        <source>与第 {0} 行重复</source>
        <translation>Same person as row {0}</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="199" />
        <source>与已保存的报名重复</source>
        <translation>Already registered</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="248" />
        <source>已导入 {0} 人；{1} 行未导入。</source>
        <translation>Imported {0} people; {1} rows not imported.</translation>
    </message>
</context>
<context>
    <name>ItineraryEditor</name>
    <message>
        <location filename="../../ui/event_editor.py" line="330" />
        <source>行程（观摩点顺序）</source>
        <translation>Itinerary (sites in order)</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="338" />
        <source>观摩点</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="338" />
        <source>路上（分钟）</source>
        <translation>Travel (min)</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="338" />
        <source>停留（分钟）</source>
        <translation>Stay (min)</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="350" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="351" />
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="352" />
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="353" />
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="354" />
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="355" />
        <source>保存行程</source>
        <translation>Save itinerary</translation>
    </message>
    <message>
        <location filename="../../ui/event_editor.py" line="442" />
        <source>行程已保存</source>
        <translation>Itinerary saved</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="39" />
        <source>活动设置</source>
        <translation>Event settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="40" />
        <source>观摩点</source>
        <translation>Sites</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="41" />
        <source>报名人员</source>
        <translation>Participants</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="42" />
        <source>均衡选取</source>
        <translation>Balanced selection</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="43" />
        <source>通行证</source>
        <translation>Passes</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58" />
        <source>政府开放日 · 办公室</source>
        <translation>Government open day · Office</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="63" />
        <location filename="../../ui/main_window.py" line="163" />
        <source>新建活动</source>
        <translation>New event</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="65" />
        <location filename="../../ui/main_window.py" line="89" />
        <source>导入报名表…</source>
        <translation>Import registrations…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="70" />
        <source>活动</source>
        <translation>Events</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="78" />
        <source>请在左侧选择或新建一个活动</source>
        <translation>Choose or create an event on the left</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="88" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="92" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="95" />
        <source>工作区：{0}</source>
        <translation>Workspace: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113" />
        <source>{0}
{1} 个项目 · {2} 人报名</source>
        <translation>{0}
{1} activities · {2} registered</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163" />
        <source>活动名称：</source>
        <translation>Event name:</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179" />
        <source>请先选择要导入报名的活动</source>
        <translation>Choose the event to import into first</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <location filename="../../ui/operations.py" line="92" />
        <source>内部错误：{0}</source>
        <translation>Internal error: {0}</translation>
    </message>
</context>
<context>
    <name>ParticipantsModel</name>
    <message>
        <location filename="../../ui/participants_view.py" line="100" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="101" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="102" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="103" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="104" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="105" />
        <source>工作单位</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="106" />
        <source>职务</source>
        <translation>Job title</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="107" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="108" />
        <source>证件号码</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="109" />
        <source>同行</source>
        <translation>Companions</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="110" />
        <source>需求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="111" />
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="112" />
        <source>报名时间</source>
        <translation>Registered</translation>
    </message>
</context>
<context>
    <name>ParticipantsView</name>
    <message>
        <location filename="../../ui/participants_view.py" line="218" />
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="224" />
        <source>搜索：姓名、拼音首字母、手机或证件后四位</source>
        <translation>Search: name, pinyin initials, last 4 of phone or ID</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="243" />
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="244" />
        <source>改为候补</source>
        <translation>Waitlist</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="245" />
        <source>本人谢绝</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="246" />
        <source>取消报名</source>
        <translation>Cancel registration</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="262" />
        <source>确认此人</source>
        <translation>Confirm this person</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="263" />
        <source>暂不处理</source>
        <translation>Not now</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="274" />
        <source>选择一人，查看其状态的由来</source>
        <translation>Select a person to see why they have their status</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="278" />
        <source>选取说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="320" />
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="321" />
        <source>全部活动项目</source>
        <translation>All activities</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="356" />
        <source>共 {0} 人</source>
        <translation>{0} people</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="404" />
        <source>活动项目：{0}</source>
        <translation>Activity: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="405" />
        <source>状态：{0}</source>
        <translation>Status: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="410" />
        <source>经过：</source>
        <translation>History:</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="426" />
        <source>将“{0}”改为{1}</source>
        <translation>Set “{0}” to {1}</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="427" />
        <source>原因（记入此人的记录）：</source>
        <translation>Reason (kept in the person's history):</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="451" />
        <source>已改为{0}</source>
        <translation>Changed to {0}</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="470" />
        <source>递补“{0}”空出的名额</source>
        <translation>Fills a seat freed in “{0}”</translation>
    </message>
</context>
<context>
    <name>PassesView</name>
    <message>
        <location filename="../../ui/passes_view.py" line="48" />
        <source>全部活动项目</source>
        <translation>All activities</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="55" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="56" />
        <source>证件号</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="57" />
        <location filename="../../ui/passes_view.py" line="87" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="58" />
        <source>通行证</source>
        <translation>Passes</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="59" />
        <source>发放时间</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="60" />
        <source>手工码</source>
        <translation>Manual code</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="61" />
        <source>通道</source>
        <translation>Lane</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="71" />
        <source>发放通行证</source>
        <translation>Issue passes</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="72" />
        <source>为尚无通行证的已确认人员发放</source>
        <translation>For confirmed people who have no pass yet</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="74" />
        <source>补发…</source>
        <translation>Reissue…</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="76" />
        <source>注销…</source>
        <translation>Revoke…</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="78" />
        <source>A6 单张</source>
        <translation>A6 single</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="79" />
        <source>打印 PDF…</source>
        <translation>Print PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="81" />
        <source>导出图片…</source>
        <translation>Export images…</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="139" />
        <source>未发放</source>
        <translation>Not issued</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="141" />
        <source>第{0}版 · 已注销</source>
        <translation>Version {0} · revoked</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="143" />
        <source>第{0}版 · 有效</source>
        <translation>Version {0} · valid</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="165" />
        <source>共 {0} 人：有效通行证 {1} 张，未发放 {2} 人</source>
        <translation>{0} people: {1} valid passes, {2} not issued</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="224" />
        <source>已发放通行证 {0} 张</source>
        <translation>Issued {0} passes</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="233" />
        <source>补发通行证</source>
        <translation>Reissue pass</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="233" />
        <source>补发“{0}”的通行证，原因：</source>
        <translation>Reissue the pass of “{0}”, reason:</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="246" />
        <source>已补发“{0}”的通行证（第{1}版），旧通行证作废</source>
        <translation>Reissued the pass of “{0}” (version {1}); the old pass is void</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="257" />
        <source>注销通行证</source>
        <translation>Revoke pass</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="257" />
        <source>注销“{0}”的通行证，原因：</source>
        <translation>Revoke the pass of “{0}”, reason:</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="269" />
        <source>已注销“{0}”的通行证</source>
        <translation>Revoked the pass of “{0}”</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="280" />
        <source>打印通行证</source>
        <translation>Print passes</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="280" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="296" />
        <source>已写出 {0} 张通行证（{1} 页）：{2}</source>
        <translation>Wrote {0} passes ({1} pages): {2}</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="300" />
        <source>导出通行证图片到</source>
        <translation>Export pass images to</translation>
    </message>
    <message>
        <location filename="../../ui/passes_view.py" line="315" />
        <source>已导出 {0} 张图片：{1}</source>
        <translation>Exported {0} images: {1}</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/participants_view.py" line="174" />
        <source>例如：电话联系后本人表示当天有事</source>
        <translation>e.g. busy that day, said on the phone</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="178" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="179" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SelectionView</name>
    <message>
        <location filename="../../ui/selection_view.py" line="64" />
        <source>均衡选取</source>
        <translation>Balanced selection</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="72" />
        <source>在各活动项目名额内确认报名者，其余列入候补：已确认者保留名额，邀请对象优先（如已设置），其余按类别轮流、类别内按报名先后，同行者同进同退。</source>
        <translation>Confirms applicants within each activity's capacity and waitlists the rest: confirmed people keep their seats, invited guests come first (if set), then categories take turns, in registration order within a category; companions are confirmed together or not at all.</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="79" />
        <location filename="../../ui/selection_view.py" line="89" />
        <source>活动项目</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="80" />
        <source>名额</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="81" />
        <source>已报名</source>
        <translation>Applied</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="82" />
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="83" />
        <source>候补</source>
        <translation>Waitlisted</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="84" />
        <source>确认（按类别）</source>
        <translation>Confirmed by category</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="85" />
        <source>候补（按类别）</source>
        <translation>Waitlisted by category</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="89" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="89" />
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="89" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="94" />
        <source>各活动项目</source>
        <translation>Activities</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="96" />
        <source>本次选取的决定</source>
        <translation>Decisions of this run</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="190" />
        <source>本次选取的决定（{0} 人，其中 {1} 人状态有变）</source>
        <translation>Decisions of this run ({0} people, {1} changed)</translation>
    </message>
    <message>
        <location filename="../../ui/selection_view.py" line="195" />
        <source>选取完成：确认 {0} 人，候补 {1} 人。</source>
        <translation>Selection done: {0} confirmed, {1} waitlisted.</translation>
    </message>
</context>
<context>
    <name>SitesEditor</name>
    <message>
        <location filename="../../ui/sites_editor.py" line="37" />
        <location filename="../../ui/sites_editor.py" line="66" />
        <source>观摩点</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="37" />
        <location filename="../../ui/sites_editor.py" line="78" />
        <source>计划时长</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="37" />
        <location filename="../../ui/sites_editor.py" line="80" />
        <source>同时容纳</source>
        <translation>At once</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="37" />
        <location filename="../../ui/sites_editor.py" line="79" />
        <source>负责单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="45" />
        <source>新增观摩点</source>
        <translation>New site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="47" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="54" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="59" />
        <location filename="../../ui/sites_editor.py" line="105" />
        <source>不限</source>
        <translation>No limit</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="60" />
        <source> 人</source>
        <translation> people</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="62" />
        <source>例如：沿标线行走，不得触碰设备</source>
        <translation>e.g. keep to the marked route; do not touch equipment</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="63" />
        <source>保存观摩点</source>
        <translation>Save site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="74" />
        <source>所选观摩点</source>
        <translation>Selected site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="76" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="77" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="81" />
        <source>安全须知</source>
        <translation>Safety notes</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="107" />
        <source>{0} 分钟</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="152" />
        <source>观摩点已保存</source>
        <translation>Site saved</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="158" />
        <source>新观摩点</source>
        <translation>New site</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="166" />
        <source>已新增观摩点，请填写详情</source>
        <translation>Site added; please fill in its details</translation>
    </message>
    <message>
        <location filename="../../ui/sites_editor.py" line="175" />
        <source>观摩点已删除</source>
        <translation>Site deleted</translation>
    </message>
</context>
<context>
    <name>Source</name>
    <message>
        <location filename="../../ui/participants_view.py" line="71" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="72" />
        <source>邮件</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="73" />
        <source>现场</source>
        <translation>On site</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="74" />
        <source>网上</source>
        <translation>Online</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../ui/participants_view.py" line="52" />
        <source>已报名</source>
        <translation>Applied</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="53" />
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="54" />
        <source>候补</source>
        <translation>Waitlisted</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="55" />
        <source>本人谢绝</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../ui/participants_view.py" line="56" />
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
</context>
</TS>