/** The font of every screen (antd's theme; the grids inherit it), also used to measure text for column widths. */
export const UI_FONT_FAMILY = "'Microsoft YaHei', 'Noto Sans CJK SC', 'PingFang SC', sans-serif";
