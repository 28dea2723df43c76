/**
 * Chinese labels for the ids the pipeline writes (themes, functions,
 * sections), so charts and tables speak the reader's language. Ids stay the
 * keys; an id without a label (a researcher's own theme) is shown as is.
 */

/** Short theme names for axes and legends (annotation guide §4). */
export const THEME_LABELS: Readonly<Record<string, string>> = {
  leadership: '组织领导',
  study_training: '学法培训',
  publicity: '普法宣传',
  pub_print: '宣传品',
  pub_event: '宣传活动',
  pub_digital: '网络媒体',
  pub_targeted: '对象化普法',
  pub_grassroots: '基层阵地',
  decision_making: '依法决策',
  normative_documents: '规范性文件',
  legal_services: '法律服务',
  enforcement: '行政执法',
  enf_inspection: '检查整治',
  enf_penalty: '处罚整改',
  enf_standards: '执法规范',
  enf_reform: '执法改革',
  dispute_resolution: '矛盾化解',
  supervision: '制约监督',
  transparency: '政务公开',
  services: '政务服务',
  emergency_safety: '应急平安',
  digital: '数字政府',
};

/** Full theme names, for tables and explanations. */
export const THEME_NAMES: Readonly<Record<string, string>> = {
  leadership: '组织领导与责任落实',
  study_training: '学法用法与培训',
  publicity: '普法宣传教育',
  pub_print: '宣传资料、横幅、展板等',
  pub_event: '讲座、宣讲、集中宣传等活动',
  pub_digital: '微信、短视频、广播等媒体',
  pub_targeted: '面向青少年、老年人、企业等对象',
  pub_grassroots: '法律明白人、示范村、法治阵地',
  decision_making: '依法决策',
  normative_documents: '规范性文件管理',
  legal_services: '法律顾问与公共法律服务',
  enforcement: '行政执法',
  enf_inspection: '执法检查与专项整治',
  enf_penalty: '处罚、罚款、责令整改',
  enf_standards: '执法程序与资格（三项制度等）',
  enf_reform: '综合行政执法改革',
  dispute_resolution: '矛盾纠纷预防化解',
  supervision: '权力制约监督',
  transparency: '政务公开',
  services: '政府职能与政务服务、营商环境',
  emergency_safety: '突发事件应对与平安建设',
  digital: '数字法治政府',
};

export const FUNCTION_LABELS: Readonly<Record<string, string>> = {
  measure: '措施',
  outcome: '成效',
  shortcoming: '问题不足',
  plan: '下步打算',
  suggestion: '意见建议',
  other: '其他',
};

export const SECTION_LABELS: Readonly<Record<string, string>> = {
  preamble: '导语',
  measures: '主要举措',
  leader_duties: '主要负责人履职',
  shortcomings: '存在问题',
  plans: '下一步安排',
  suggestions: '意见建议',
  other_matters: '其他事项',
  closing: '结尾',
};

export function themeLabel(id: string): string {
  return THEME_LABELS[id] ?? id;
}

export function functionLabel(id: string): string {
  return FUNCTION_LABELS[id] ?? id;
}

export function sectionLabel(id: string): string {
  return SECTION_LABELS[id] ?? id;
}
