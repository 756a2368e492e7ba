// Demo achievements (科技成果) and needs (技术需求): fictional but written the way
// Liuzhou's institutions and enterprises would write them. Amounts in 万元.

export interface DemoAchievement {
  org: string
  title: string
  industry: string
  trl: number
  modes: ('transfer' | 'licence' | 'equity' | 'co_development' | 'service' | 'consulting')[]
  price: number | [number, number] | null
  benefit: string
  summary: string
  keywords: string[]
  patent?: string
}

export const DEMO_ACHIEVEMENTS: DemoAchievement[] = [
  // 柳州汽车工程研究院 — automotive
  { org: 'auto', title: '新能源汽车电池包液冷板一体化成型技术', industry: 'auto.thermal', trl: 7, modes: ['licence', 'co_development'], price: [80, 150], benefit: '液冷板焊缝减少 60%，电池包温差控制在 3℃ 以内，单件成本降低 18%。', summary: '采用吹胀与钎焊复合工艺一次成型液冷板，流道可按电芯排布定制，已在两款车型上完成台架验证。', keywords: ['液冷板', '电池热管理', '钎焊'] },
  { org: 'auto', title: '热泵空调低温制热增焓控制策略', industry: 'auto.thermal', trl: 6, modes: ['licence', 'service'], price: 60, benefit: '-20℃ 环境下制热能效比提升 25%，冬季续航增加约 8%。', summary: '基于补气增焓压缩机的多模式切换控制算法，兼顾乘员舱与电池加热需求，可移植到主流热泵平台。', keywords: ['热泵', '续航', '控制策略'] },
  { org: 'auto', title: '铝合金副车架高真空压铸工艺', industry: 'auto.lightweight', trl: 7, modes: ['transfer', 'co_development'], price: [200, 320], benefit: '副车架减重 32%，零件数由 21 件减为 3 件，焊接工时下降 70%。', summary: '高真空压铸配合局部挤压与 T7 热处理，关键部位延伸率达 10% 以上，满足疲劳与碰撞要求。', keywords: ['压铸', '轻量化', '副车架'], patent: '201710601862.3' },
  { org: 'auto', title: '商用车智能网联远程诊断平台', industry: 'auto.intelligent', trl: 8, modes: ['licence', 'service'], price: null, benefit: '故障定位时间从平均 4 小时缩短至 30 分钟，服务站返修率下降 22%。', summary: '车载终端采集 CAN 总线数据，云端规则引擎与故障树结合，支持远程刷写与预测性维护提醒。', keywords: ['远程诊断', '车联网', 'CAN'] },
  { org: 'auto', title: '永磁同步电机转子动平衡在线校正装置', industry: 'auto.nev', trl: 6, modes: ['transfer'], price: 45, benefit: '动平衡校正节拍由 90 秒降至 35 秒，一次合格率提升至 99.2%。', summary: '激光去重与在线测量闭环，适配 150–300 kW 驱动电机转子，可集成到现有装配线。', keywords: ['电机', '动平衡', '装配线'] },
  { org: 'auto', title: '自动驾驶园区低速物流车线控底盘', industry: 'auto.intelligent', trl: 5, modes: ['co_development', 'equity'], price: [300, 500], benefit: '线控转向响应时间小于 80 毫秒，底盘成本较进口方案低 40%。', summary: '线控转向、制动与驱动一体化设计，开放底层控制接口，适用于园区、港口与工厂内部物流。', keywords: ['线控底盘', '低速无人车', '物流'] },
  { org: 'auto', title: '汽车座椅骨架热成形钢激光拼焊技术', industry: 'auto.parts', trl: 8, modes: ['licence'], price: 70, benefit: '骨架减重 15%，材料利用率由 62% 提高到 81%。', summary: '不等厚热成形钢激光拼焊与模内淬火工艺，满足座椅强度法规并降低模具投入。', keywords: ['热成形', '激光拼焊', '座椅'] },
  { org: 'auto', title: '电驱动总成 NVH 快速诊断方法', industry: 'auto.nev', trl: 6, modes: ['service', 'consulting'], price: null, benefit: '啸叫问题识别周期由 2 周缩短至 2 天，试验成本降低 50%。', summary: '基于阶次分析与传递路径分析的诊断流程和工具包，可为主机厂与零部件企业提供现场服务。', keywords: ['NVH', '电驱动', '阶次分析'] },
  // 柳州理工大学 — machinery, materials, electronics
  { org: 'lzut', title: '工程机械液压多路阀数字孪生设计平台', industry: 'machinery.hydraulics', trl: 6, modes: ['licence', 'co_development'], price: [50, 90], benefit: '多路阀设计迭代周期缩短 45%，样机试制次数由 4 次减为 2 次。', summary: '集成流场仿真、阀芯受力与整机工况数据，形成可复用的参数化模型库。', keywords: ['数字孪生', '多路阀', '液压'] },
  { org: 'lzut', title: '装载机自动铲装控制系统', industry: 'machinery.construction', trl: 7, modes: ['licence', 'equity'], price: [120, 200], benefit: '铲装满斗率提高 12%，单斗作业油耗降低 9%，新手操作效率接近熟练司机。', summary: '基于视觉与压力传感器的物料识别和铲装轨迹规划，兼容主流装载机电液系统。', keywords: ['装载机', '自动铲装', '节油'] },
  { org: 'lzut', title: '焊接机器人焊缝视觉跟踪系统', industry: 'machinery.robotics', trl: 7, modes: ['transfer', 'licence'], price: 85, benefit: '焊缝跟踪精度 ±0.2 mm，焊后返修率由 6% 降至 1.5%。', summary: '结构光传感器与深度学习焊缝识别结合，适配多品牌工业机器人，支持中厚板多层多道焊。', keywords: ['焊接机器人', '视觉跟踪', '结构光'] },
  { org: 'lzut', title: '螺蛳粉生产线酸笋发酵过程在线监测', industry: 'electronics.iot', trl: 6, modes: ['service', 'co_development'], price: 30, benefit: '发酵批次合格率由 88% 提升至 97%，人工巡检减少 70%。', summary: '发酵罐 pH、温度与气体多参数传感，结合发酵曲线模型提前预警异常批次。', keywords: ['酸笋', '发酵', '在线监测'] },
  { org: 'lzut', title: '轴承套圈磨削表面完整性控制技术', industry: 'machinery.construction', trl: 7, modes: ['licence'], price: 55, benefit: '套圈磨削烧伤率降至 0.1% 以下，轴承寿命提高 30%。', summary: '磨削参数优化与在线声发射监测，形成工艺数据库与判定标准。', keywords: ['磨削', '轴承', '表面完整性'] },
  { org: 'lzut', title: '中小企业设备联网与能耗看板', industry: 'electronics.ai', trl: 8, modes: ['service'], price: [10, 30], benefit: '单厂部署 2 周内完成，设备综合效率可视化后平均提升 8%，电耗下降 6%。', summary: '低成本边缘网关采集主流 PLC 与电表数据，提供开箱即用的产量、停机与能耗看板。', keywords: ['工业互联网', '能耗', 'OEE'] },
  { org: 'lzut', title: '钢结构桥梁焊缝相控阵超声检测方法', industry: 'construction', trl: 7, modes: ['service', 'licence'], price: 40, benefit: '检测效率为常规超声的 3 倍，缺陷检出率提升至 98%。', summary: '针对钢箱梁 U 肋焊缝的相控阵扫查工艺与成像判读软件。', keywords: ['相控阵', '无损检测', '桥梁'] },
  { org: 'lzut', title: '基于大模型的设备维修知识问答系统', industry: 'electronics.software', trl: 5, modes: ['co_development', 'licence'], price: null, benefit: '维修人员查找手册时间减少 70%，首次修复率提高 15%。', summary: '将设备手册、维修记录结构化入库，本地化部署的问答与故障排查向导，数据不出厂。', keywords: ['大模型', '知识库', '维修'] },
  { org: 'lzut', title: '小型农机山地丘陵履带底盘', industry: 'machinery.construction', trl: 6, modes: ['transfer', 'co_development'], price: [60, 100], benefit: '爬坡能力达 25°，整机重量较同类降低 20%，适合桂北山地甘蔗与茶园作业。', summary: '模块化履带底盘可挂接开沟、施肥、植保等机具，配套遥控与限速保护。', keywords: ['丘陵农机', '履带底盘', '山地'] },
  // 柳州新材料研究所 — materials
  { org: 'mat', title: '高强耐候钢免涂装桥梁用钢生产工艺', industry: 'materials.steel', trl: 8, modes: ['licence', 'service'], price: [150, 260], benefit: '桥梁全寿命周期维护成本降低 35%，免除涂装环节的 VOC 排放。', summary: '成分设计与控轧控冷工艺形成稳定锈层，已完成 3 年挂片试验。', keywords: ['耐候钢', '免涂装', '桥梁'] },
  { org: 'mat', title: '汽车弹簧钢表面纳米化喷丸强化', industry: 'materials.surface', trl: 7, modes: ['licence'], price: 65, benefit: '弹簧疲劳寿命提高 40%，可减薄簧片实现减重 8%。', summary: '复合喷丸工艺形成纳米晶表层与高残余压应力，配套工艺窗口与检测方法。', keywords: ['喷丸', '弹簧钢', '疲劳'] },
  { org: 'mat', title: '钢渣微粉制备高性能混凝土掺合料', industry: 'green.recycling', trl: 7, modes: ['transfer', 'equity'], price: [120, 180], benefit: '钢渣综合利用率提升至 85%，每吨掺合料成本比矿粉低 30 元。', summary: '钢渣稳定化处理与粉磨活化工艺，产品符合 GB/T 20491 要求。', keywords: ['钢渣', '固废利用', '混凝土'] },
  { org: 'mat', title: '耐磨堆焊药芯焊丝', industry: 'materials.alloys', trl: 8, modes: ['transfer', 'licence'], price: 48, benefit: '工程机械铲齿寿命延长 1.8 倍，堆焊效率提高 30%。', summary: '高铬铸铁型药芯配方与拉拔工艺，适用于铲齿、破碎锤等易损件修复。', keywords: ['堆焊', '耐磨', '焊丝'] },
  { org: 'mat', title: '碳纤维复合材料汽车电池箱盖', industry: 'materials.composites', trl: 6, modes: ['co_development'], price: [90, 160], benefit: '较钢制箱盖减重 55%，满足 UL94 V-0 阻燃与 IP67 密封。', summary: '快速固化环氧预浸料模压工艺，成型节拍 5 分钟，适合中批量生产。', keywords: ['碳纤维', '电池箱', '轻量化'] },
  { org: 'mat', title: '镀锌线无铬钝化工艺', industry: 'materials.surface', trl: 8, modes: ['licence', 'service'], price: 35, benefit: '中性盐雾试验 96 小时无白锈，淘汰六价铬，废水处理成本下降 45%。', summary: '硅烷与稀土复合钝化液及配套工艺参数，可直接替换现有钝化槽。', keywords: ['无铬钝化', '镀锌', '环保'] },
  { org: 'mat', title: '铝合金轮毂旋压成形工艺', industry: 'auto.lightweight', trl: 7, modes: ['licence'], price: [70, 110], benefit: '轮毂减重 12%，材料利用率提高 20%。', summary: '铸旋一体化工艺与旋压轨迹优化，提升轮辋强度与外观一致性。', keywords: ['铝合金', '旋压', '轮毂'] },
  { org: 'mat', title: '高炉煤气干法精脱硫技术', industry: 'green.pollution', trl: 6, modes: ['co_development', 'service'], price: null, benefit: '煤气总硫降至 20 mg/m³ 以下，下游热风炉 SO₂ 排放达超低排放要求。', summary: '水解加吸附两段工艺，吸附剂可再生，占地小、运行费用低。', keywords: ['脱硫', '高炉煤气', '超低排放'] },
  { org: 'mat', title: '不锈钢冷轧板表面缺陷智能检测', industry: 'electronics.ai', trl: 7, modes: ['licence', 'service'], price: 75, benefit: '缺陷检出率 99%，误报率由 15% 降至 3%，替代 4 名目检人员。', summary: '线阵相机与深度学习分类模型，覆盖划伤、辊印、夹杂等 12 类缺陷。', keywords: ['视觉检测', '冷轧', '缺陷'] },
  // 龙城医学院 — biomedicine
  { org: 'lcmu', title: '壮医药线点灸标准化操作装置', industry: 'biomed.ethnic', trl: 6, modes: ['transfer', 'licence'], price: 25, benefit: '施灸温度波动控制在 ±2℃，基层医师培训周期缩短一半。', summary: '将传统药线点灸的温度、时间与部位参数化，配套教学与质控软件。', keywords: ['壮医', '药线点灸', '标准化'] },
  { org: 'lcmu', title: '瑶药“五虎”抗炎提取物制备工艺', industry: 'biomed.ethnic', trl: 5, modes: ['co_development', 'equity'], price: [100, 300], benefit: '有效成分提取率提高 35%，中试批次间含量差异小于 5%。', summary: '超声辅助提取与大孔树脂纯化，已完成急性毒性与药效学初步研究。', keywords: ['瑶药', '提取工艺', '抗炎'] },
  { org: 'lcmu', title: '基层医院超声影像辅助诊断软件', industry: 'biomed.diagnostics', trl: 7, modes: ['licence', 'service'], price: 60, benefit: '甲状腺结节良恶性初筛符合率 91%，阅片时间缩短 40%。', summary: '面向县级医院的轻量化模型，可在普通工作站离线运行，结果可解释。', keywords: ['超声', '辅助诊断', '甲状腺'] },
  { org: 'lcmu', title: '一次性可降解止血海绵', industry: 'biomed.devices', trl: 6, modes: ['transfer', 'co_development'], price: [150, 240], benefit: '止血时间较明胶海绵缩短 30%，4 周内完全降解。', summary: '壳聚糖与胶原复合材料，冻干成型工艺稳定，已完成动物实验。', keywords: ['止血', '可降解', '医用材料'] },
  { org: 'lcmu', title: '社区慢病随访管理小程序', industry: 'electronics.software', trl: 8, modes: ['licence', 'service'], price: [5, 15], benefit: '高血压患者规范随访率由 55% 提升至 82%。', summary: '对接基本公共卫生系统，提供随访提醒、用药记录与家庭医生沟通。', keywords: ['慢病管理', '随访', '小程序'] },
  { org: 'lcmu', title: '罗汉果甜苷高纯度分离技术', industry: 'agrifood.processing', trl: 7, modes: ['licence'], price: 90, benefit: '甜苷 V 纯度达 98%，收率提高 20%，溶剂回收率 95%。', summary: '膜分离与制备色谱联用工艺，适用于天然甜味剂生产。', keywords: ['罗汉果', '甜苷', '分离纯化'] },
  { org: 'lcmu', title: '医院消毒供应中心器械追溯系统', industry: 'electronics.software', trl: 8, modes: ['licence', 'service'], price: 28, benefit: '器械包丢失率下降 90%，清洗消毒全流程可追溯。', summary: '二维码与 RFID 结合的器械包全生命周期管理，支持与 HIS 对接。', keywords: ['追溯', '消毒供应', 'RFID'] },
  { org: 'lcmu', title: '鼻咽癌 EB 病毒 DNA 快速检测试剂', industry: 'biomed.diagnostics', trl: 5, modes: ['co_development', 'equity'], price: null, benefit: '检测时间由 3 小时缩短至 40 分钟，灵敏度 95%。', summary: '恒温扩增与侧流层析结合，适合基层筛查，无需 PCR 仪。', keywords: ['鼻咽癌', 'EB病毒', '快速检测'] },
  // 融水山地农业科学研究所 — agriculture
  { org: 'agri', title: '糯米柚高接换种与矮化栽培技术', industry: 'agrifood.tea', trl: 9, modes: ['service', 'consulting'], price: [3, 8], benefit: '换种后第二年投产，亩产提高 35%，采摘用工减少 40%。', summary: '适合融水山地的高接换种、矮化修剪与水肥管理技术规程。', keywords: ['柚子', '高接换种', '矮化栽培'] },
  { org: 'agri', title: '香杉林下黄精仿野生种植', industry: 'agrifood.forestry', trl: 8, modes: ['service', 'co_development'], price: null, benefit: '每亩林地新增收益 4000 元以上，不影响杉木生长。', summary: '林下种苗繁育、仿野生栽培与采收加工的成套技术。', keywords: ['林下经济', '黄精', '杉木'] },
  { org: 'agri', title: '稻田养鱼生态种养模式', industry: 'agrifood.forestry', trl: 9, modes: ['consulting', 'service'], price: [2, 5], benefit: '稻田综合收益提高 60%，农药使用减少 50%。', summary: '苗族传统稻鱼共生系统的现代化改良，包括田间工程、品种搭配与管理规程。', keywords: ['稻鱼共生', '生态种养', '苗族'] },
  { org: 'agri', title: '茶园病虫害绿色防控技术', industry: 'agrifood.tea', trl: 8, modes: ['service', 'consulting'], price: 12, benefit: '化学农药用量减少 70%，茶叶农残检出率为零。', summary: '天敌保护、色板诱杀与生物农药结合的防控方案，适用于三江、融水茶区。', keywords: ['茶园', '绿色防控', '有机茶'] },
  { org: 'agri', title: '甘蔗全程机械化栽培农艺', industry: 'agrifood.sugar', trl: 8, modes: ['consulting', 'service'], price: [5, 12], benefit: '种植成本每亩降低 300 元，宿根年限延长 1 年。', summary: '行距、品种与机收配套的栽培技术，适用于柳城、鹿寨蔗区。', keywords: ['甘蔗', '机械化', '宿根'] },
  { org: 'agri', title: '金桔采后保鲜与分级技术', industry: 'agrifood.processing', trl: 7, modes: ['licence', 'service'], price: 20, benefit: '常温货架期由 7 天延长至 18 天，腐损率下降 60%。', summary: '可食用涂膜与低温预冷工艺，配套视觉分级设备参数。', keywords: ['金桔', '保鲜', '分级'] },
  { org: 'agri', title: '山地鸡林下养殖疫病防控方案', industry: 'agrifood.forestry', trl: 8, modes: ['consulting', 'service'], price: null, benefit: '育成率由 82% 提高到 93%，抗生素使用减少 80%。', summary: '免疫程序、中草药添加剂与养殖密度控制的组合方案。', keywords: ['林下养殖', '疫病防控', '山地鸡'] },
  { org: 'agri', title: '百香果脱毒种苗快繁技术', industry: 'agrifood.tea', trl: 8, modes: ['transfer', 'licence'], price: 40, benefit: '种苗带毒率低于 1%，果园产量提高 25%。', summary: '茎尖培养与热处理脱毒、组培快繁工厂化生产流程。', keywords: ['百香果', '脱毒苗', '组培'] },
  // more across institutions
  { org: 'auto', title: '商用车空气悬架电控系统', industry: 'auto.parts', trl: 7, modes: ['licence', 'co_development'], price: [110, 180], benefit: '整车平顺性指标提升 20%，轮胎磨损降低 10%。', summary: '车身高度与阻尼联合控制，支持装卸升降与高速降低车身。', keywords: ['空气悬架', '电控', '商用车'] },
  { org: 'auto', title: '动力电池梯次利用健康状态快速评估', industry: 'green.energy', trl: 6, modes: ['licence', 'service'], price: 50, benefit: '单包评估时间由 8 小时缩短至 20 分钟，分选一致性提高 30%。', summary: '基于脉冲响应与数据驱动模型的 SOH 估计方法与测试设备。', keywords: ['梯次利用', 'SOH', '动力电池'] },
  { org: 'lzut', title: '工业园区光储充一体化能量管理', industry: 'green.energy', trl: 6, modes: ['co_development', 'service'], price: [40, 80], benefit: '园区峰值需量下降 18%，年电费节约约 12%。', summary: '光伏、储能与充电桩协同调度算法及边缘控制器。', keywords: ['光储充', '能量管理', '需量'] },
  { org: 'lzut', title: '柳州螺蛳粉汤料风味物质数字化调配', industry: 'agrifood.processing', trl: 6, modes: ['service', 'co_development'], price: 35, benefit: '批次间风味一致性评分提高 25%，新品开发周期缩短 40%。', summary: '气相色谱-嗅闻与电子舌建立风味指纹，配方调配软件辅助研发。', keywords: ['螺蛳粉', '风味', '配方'] },
  { org: 'mat', title: '铸造废砂热法再生技术', industry: 'green.recycling', trl: 8, modes: ['transfer', 'service'], price: [80, 130], benefit: '废砂再生率 90%，新砂采购减少 85%，固废外运费用大幅下降。', summary: '焙烧与机械摩擦复合再生工艺及成套设备设计。', keywords: ['铸造废砂', '再生', '固废'] },
  { org: 'mat', title: '水性工业防腐涂料', industry: 'materials.surface', trl: 7, modes: ['licence', 'transfer'], price: 55, benefit: 'VOC 排放降低 80%，耐盐雾 1000 小时。', summary: '丙烯酸改性环氧水性体系，适用于工程机械与钢结构。', keywords: ['水性涂料', '防腐', 'VOC'] },
  { org: 'lcmu', title: '老年人跌倒风险居家监测系统', industry: 'electronics.iot', trl: 6, modes: ['co_development', 'licence'], price: [30, 60], benefit: '跌倒识别准确率 96%，报警平均响应时间小于 1 分钟。', summary: '毫米波雷达非接触监测，保护隐私，适合居家与养老机构。', keywords: ['跌倒监测', '毫米波', '养老'] },
  { org: 'agri', title: '茶叶加工清洁化生产线', industry: 'agrifood.tea', trl: 8, modes: ['transfer', 'service'], price: [60, 90], benefit: '人工减少 60%，茶叶品质一致性显著提高，能耗降低 25%。', summary: '连续化杀青、揉捻与干燥设备配置方案，适用于中小茶企。', keywords: ['茶叶加工', '清洁化', '生产线'] },
  { org: 'agri', title: '蔗梢青贮饲料加工技术', industry: 'agrifood.sugar', trl: 8, modes: ['service', 'licence'], price: 15, benefit: '蔗梢利用率由 20% 提升至 75%，肉牛养殖饲料成本降低 18%。', summary: '蔗梢切碎、菌剂接种与裹包青贮工艺，配套饲喂方案。', keywords: ['蔗梢', '青贮', '饲料'] },
  { org: 'lzut', title: '注塑模具随形冷却水路增材制造', industry: 'machinery.robotics', trl: 7, modes: ['service', 'licence'], price: 45, benefit: '注塑成型周期缩短 30%，产品翘曲变形减少 50%。', summary: '金属 3D 打印随形水路镶件设计与制造，含仿真优化服务。', keywords: ['增材制造', '随形冷却', '模具'] },
  { org: 'lzut', title: '汽车线束自动化检测设备', industry: 'auto.parts', trl: 7, modes: ['transfer', 'licence'], price: [50, 80], benefit: '线束检测效率提高 4 倍，漏检率为零。', summary: '导通、绝缘与卡扣到位多项检测一体化，支持柔性换型。', keywords: ['线束', '检测设备', '自动化'] },
  { org: 'mat', title: '球墨铸铁件激光熔覆修复', industry: 'materials.surface', trl: 7, modes: ['service'], price: null, benefit: '修复成本为新件的 30%，修复层结合强度达基体的 90%。', summary: '针对大型球墨铸铁零件磨损与缺陷的熔覆材料和工艺。', keywords: ['激光熔覆', '再制造', '铸铁'] },
  { org: 'auto', title: '新能源汽车高压线束轻量化铝导体连接', industry: 'auto.nev', trl: 6, modes: ['licence', 'co_development'], price: [60, 100], benefit: '高压线束减重 35%，连接点温升低于 40 K。', summary: '铝导体超声波焊接与防电化学腐蚀结构设计。', keywords: ['高压线束', '铝导体', '轻量化'] },
  { org: 'lcmu', title: '医用防护服穿脱训练虚拟仿真系统', industry: 'electronics.software', trl: 7, modes: ['licence'], price: 18, benefit: '培训考核通过率由 70% 提高到 95%，减少耗材浪费。', summary: '基于动作捕捉的穿脱流程训练与自动评分。', keywords: ['虚拟仿真', '防护服', '培训'] },
  { org: 'agri', title: '山地果园单轨运输机', industry: 'machinery.construction', trl: 8, modes: ['transfer', 'licence'], price: [20, 35], benefit: '果园运输用工减少 80%，最大爬坡 45°。', summary: '齿轨式单轨运输机及安装规范，适用于柑橘、茶园。', keywords: ['单轨运输机', '山地果园', '农机'] },
  { org: 'lzut', title: '电梯曳引机永磁电机能效提升设计', industry: 'machinery.construction', trl: 7, modes: ['licence', 'co_development'], price: 65, benefit: '电机效率提升 3 个百分点，运行噪声降低 5 dB。', summary: '分数槽集中绕组与磁钢分段斜极设计，配套电磁仿真模型。', keywords: ['电梯', '永磁电机', '能效'] },
  { org: 'mat', title: '锰系合金粉末冶金齿轮', industry: 'materials.alloys', trl: 6, modes: ['co_development', 'licence'], price: [70, 120], benefit: '材料成本较镍钼体系降低 25%，齿轮疲劳强度相当。', summary: '少镍锰系合金粉末配方与烧结硬化工艺。', keywords: ['粉末冶金', '齿轮', '锰系合金'] },
  { org: 'lcmu', title: '壮药材黄花倒水莲规范化种植与质量标准', industry: 'biomed.ethnic', trl: 7, modes: ['service', 'licence'], price: 22, benefit: '药材有效成分含量稳定在药典标准 1.3 倍以上，亩产提高 28%。', summary: '种源选育、林下种植与采收加工规程，配套指纹图谱质量标准。', keywords: ['壮药', '规范化种植', '质量标准'] },
  { org: 'auto', title: '驾驶员疲劳监测摄像头算法', industry: 'auto.intelligent', trl: 7, modes: ['licence'], price: [40, 70], benefit: '疲劳识别准确率 95%，夜间红外场景误报率低于 2%。', summary: '面向商用车的轻量化视觉算法，可在车规级芯片上实时运行。', keywords: ['疲劳监测', 'DMS', '视觉算法'] },
  { org: 'agri', title: '融安金桔水肥一体化智能灌溉', industry: 'agrifood.tea', trl: 7, modes: ['service', 'transfer'], price: [8, 15], benefit: '节水 40%、节肥 30%，金桔裂果率下降一半。', summary: '土壤墒情传感与手机远程控制的滴灌系统，适合坡地果园。', keywords: ['水肥一体化', '智能灌溉', '金桔'] },
]

export interface DemoNeed {
  org: string
  title: string
  industry: string
  problem: string
  outcome: string
  budget: [number, number] | null
  deadlineDays: number
  modes: ('transfer' | 'licence' | 'equity' | 'co_development' | 'service' | 'consulting')[]
  keywords: string[]
}

export const DEMO_NEEDS: DemoNeed[] = [
  { org: 'longteng', title: '电驱壳体铸造气孔率高，急需工艺改进', industry: 'auto.nev', problem: '电驱动壳体采用低压铸造，X 光检测气孔超标率约 8%，导致密封试验不合格和返工，影响两家主机厂的交付。', outcome: '气孔超标率降至 2% 以下，并形成可固化的工艺参数与检测标准。', budget: [30, 60], deadlineDays: 90, modes: ['service', 'co_development'], keywords: ['低压铸造', '气孔', '电驱壳体'] },
  { org: 'longteng', title: '寻求底盘零部件轻量化设计合作', industry: 'auto.lightweight', problem: '主机厂要求下一代车型底盘零部件减重 15%，现有钢制控制臂方案难以达到，缺少铝合金与拓扑优化设计能力。', outcome: '完成 2 个零件的轻量化方案与样件，通过台架疲劳试验。', budget: [80, 150], deadlineDays: 180, modes: ['co_development'], keywords: ['轻量化', '控制臂', '拓扑优化'] },
  { org: 'longteng', title: '装配线扭矩数据追溯系统', industry: 'electronics.ai', problem: '拧紧工位数据分散在各品牌控制器中，质量追溯需要人工查找，客户审核多次提出问题。', outcome: '统一采集全部拧紧数据并与产品序列号绑定，可一键追溯。', budget: [20, 40], deadlineDays: 60, modes: ['service', 'transfer'], keywords: ['拧紧', '追溯', 'MES'] },
  { org: 'liunan', title: '液压件清洁度检测与控制', industry: 'machinery.hydraulics', problem: '液压阀出厂清洁度不稳定，客户投诉阀芯卡滞，现有检测依赖外送，周期长。', outcome: '建立厂内清洁度检测能力与清洗工艺，NAS 等级稳定在 7 级以内。', budget: [15, 30], deadlineDays: 75, modes: ['service', 'consulting'], keywords: ['清洁度', '液压阀', '检测'] },
  { org: 'liunan', title: '精密加工车间设备联网与 OEE 提升', industry: 'electronics.ai', problem: '40 台数控机床无联网，开机率只能靠纸质记录，管理层看不到真实产能。', outcome: '设备联网、实时看板，半年内 OEE 提升 10 个百分点。', budget: [20, 50], deadlineDays: 120, modes: ['service', 'licence'], keywords: ['设备联网', 'OEE', '数控机床'] },
  { org: 'liunan', title: '工程机械铲齿耐磨寿命提升', industry: 'materials.alloys', problem: '出口矿山客户反映铲齿寿命短，更换频繁，竞争对手产品寿命高出约一倍。', outcome: '铲齿寿命提升 80% 以上，成本增加不超过 15%。', budget: [30, 60], deadlineDays: 150, modes: ['transfer', 'licence', 'co_development'], keywords: ['耐磨', '铲齿', '堆焊'] },
  { org: 'battery', title: '退役动力电池快速分选技术', industry: 'green.energy', problem: '回收的退役电池包一致性差，拆解后逐只测试耗时长，分选成本占比高达 30%。', outcome: '单包分选时间缩短到 1 小时以内，分选后模组一致性满足储能要求。', budget: [50, 100], deadlineDays: 120, modes: ['licence', 'co_development'], keywords: ['梯次利用', '分选', '电池回收'] },
  { org: 'battery', title: '储能柜热失控早期预警', industry: 'green.energy', problem: '储能项目业主要求具备热失控早期预警能力，现有 BMS 仅有温度报警，响应滞后。', outcome: '在热失控前 10 分钟以上发出预警，误报率低于 1 次/年。', budget: [40, 80], deadlineDays: 100, modes: ['co_development', 'service'], keywords: ['热失控', '储能', '预警'] },
  { org: 'battery', title: '电池模组激光焊接质量在线检测', industry: 'machinery.robotics', problem: '汇流排激光焊虚焊靠抽检拉力试验发现，漏检导致客户现场失效。', outcome: '100% 在线检测焊接质量，虚焊检出率 99% 以上。', budget: [25, 45], deadlineDays: 90, modes: ['transfer', 'licence'], keywords: ['激光焊接', '在线检测', '模组'] },
  { org: 'tea', title: '三江早春茶机械化采摘', industry: 'agrifood.tea', problem: '春茶采摘期短、人工紧缺且工价逐年上涨，名优茶采摘成本占生产成本 50% 以上。', outcome: '适合山地茶园的采摘机具与配套修剪农艺，采摘效率提高 3 倍。', budget: [20, 40], deadlineDays: 200, modes: ['co_development', 'transfer'], keywords: ['采茶机', '早春茶', '山地'] },
  { org: 'tea', title: '茶饮品新品研发与保质期延长', industry: 'agrifood.processing', problem: '计划推出瓶装侗族油茶饮品，常温保存 3 个月后风味劣变明显，沉淀严重。', outcome: '产品常温保质期 9 个月以上，风味评分下降不超过 10%。', budget: [15, 30], deadlineDays: 120, modes: ['service', 'co_development'], keywords: ['油茶', '饮品', '保质期'] },
  { org: 'tea', title: '茶园有机认证与绿色防控指导', industry: 'agrifood.tea', problem: '计划申请有机认证，但病虫害防治缺乏替代化学农药的有效手段。', outcome: '形成可执行的绿色防控方案，两年内通过有机认证。', budget: null, deadlineDays: 60, modes: ['consulting', 'service'], keywords: ['有机认证', '绿色防控', '茶园'] },
  { org: 'sugar', title: '蔗渣高值化利用途径', industry: 'green.recycling', problem: '每年产生蔗渣 30 万吨，目前主要用于锅炉燃烧，附加值低。', outcome: '找到可产业化的高值利用技术（如可降解餐具、纤维素材料），完成中试。', budget: [100, 300], deadlineDays: 240, modes: ['transfer', 'equity', 'co_development'], keywords: ['蔗渣', '高值化', '可降解'] },
  { org: 'sugar', title: '糖蜜酒精废液达标处理', industry: 'green.pollution', problem: '糖蜜酒精生产废液 COD 高、色度深，现有处理成本高且难以稳定达标。', outcome: '废液处理后稳定达标，吨处理成本下降 30%。', budget: [60, 120], deadlineDays: 150, modes: ['service', 'transfer'], keywords: ['废液处理', 'COD', '糖蜜'] },
  { org: 'sugar', title: '压榨车间能耗优化', industry: 'green.energy', problem: '榨季蒸汽与电耗偏高，吨糖能耗高于行业先进水平约 12%。', outcome: '通过工艺与控制优化降低吨糖能耗 8% 以上。', budget: [20, 50], deadlineDays: 100, modes: ['consulting', 'service'], keywords: ['节能', '压榨', '制糖'] },
  { org: 'kumquat', title: '金桔深加工新产品开发', industry: 'agrifood.processing', problem: '鲜果价格波动大，现有蜜饯产品附加值低，需要开发金桔汁、果粉等新产品。', outcome: '开发 2 款可量产新产品，配套工艺与标准。', budget: [20, 40], deadlineDays: 180, modes: ['co_development', 'transfer'], keywords: ['金桔', '深加工', '新产品'] },
  { org: 'kumquat', title: '金桔冷链保鲜与分级设备', industry: 'agrifood.processing', problem: '鲜果外运途中损耗约 15%，人工分级速度慢、标准不一。', outcome: '损耗降到 5% 以内，分级效率提高 5 倍。', budget: [30, 60], deadlineDays: 120, modes: ['transfer', 'licence'], keywords: ['冷链', '保鲜', '分级'] },
  { org: 'noodle', title: '螺蛳粉预包装杀菌工艺优化', industry: 'agrifood.processing', problem: '酸笋、腐竹等配料包高温杀菌后口感变差，降低温度又有胀袋风险。', outcome: '在保证 6 个月保质期的前提下改善口感，胀袋率低于 0.1%。', budget: [15, 35], deadlineDays: 90, modes: ['service', 'co_development'], keywords: ['杀菌', '螺蛳粉', '保质期'] },
  { org: 'noodle', title: '酸笋发酵标准化与异味控制', industry: 'agrifood.processing', problem: '酸笋发酵依赖老师傅经验，批次差异大，部分批次异味投诉多。', outcome: '建立发酵过程监测与控制规程，批次合格率达到 95% 以上。', budget: [10, 25], deadlineDays: 100, modes: ['service', 'licence'], keywords: ['酸笋', '发酵', '标准化'] },
  { org: 'noodle', title: '米粉生产线自动化改造', industry: 'machinery.robotics', problem: '米粉切断、称重与装袋仍靠人工，旺季招工困难。', outcome: '关键工位自动化，人工减少一半以上。', budget: [50, 100], deadlineDays: 150, modes: ['transfer', 'service'], keywords: ['米粉', '自动化', '包装'] },
  { org: 'longteng', title: '电机转子动平衡节拍提升', industry: 'auto.nev', problem: '电机转子动平衡工位节拍 90 秒，成为装配线瓶颈。', outcome: '节拍降至 45 秒以内，一次合格率不降低。', budget: [30, 50], deadlineDays: 80, modes: ['transfer', 'licence'], keywords: ['动平衡', '电机', '节拍'] },
  { org: 'liunan', title: '液压阀芯精密磨削表面质量', industry: 'machinery.hydraulics', problem: '阀芯磨削后偶发烧伤，导致早期磨损，现有检测难以发现。', outcome: '消除磨削烧伤并建立在线监控手段。', budget: null, deadlineDays: 70, modes: ['consulting', 'service'], keywords: ['磨削', '烧伤', '阀芯'] },
  { org: 'battery', title: '储能电池箱体轻量化与防火', industry: 'materials.composites', problem: '钢制储能电池箱体重量大、运输安装成本高，客户要求提高防火等级。', outcome: '箱体减重 30% 以上，满足 UL94 V-0 与 IP55。', budget: [40, 70], deadlineDays: 160, modes: ['co_development'], keywords: ['箱体', '防火', '复合材料'] },
  { org: 'sugar', title: '甘蔗机收含杂率降低', industry: 'agrifood.sugar', problem: '机收甘蔗含杂率约 10%，糖厂扣杂争议多，影响蔗农机收积极性。', outcome: '含杂率降至 6% 以下，配套农艺与收割机调整方案。', budget: [20, 40], deadlineDays: 200, modes: ['consulting', 'co_development'], keywords: ['机收', '含杂率', '甘蔗'] },
  { org: 'tea', title: '茶园单轨运输设备采购与安装指导', industry: 'machinery.construction', problem: '茶园坡陡，鲜叶与农资运输全靠人力，效率低、安全风险大。', outcome: '选型并安装适合的山地运输设备，运输用工减少 70%。', budget: [10, 25], deadlineDays: 90, modes: ['transfer', 'service'], keywords: ['单轨运输', '茶园', '山地'] },
]
