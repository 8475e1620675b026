import type { ConfigProviderThemeVars } from 'vant'

/**
 * 长辈版 sizes, after the MIIT elder-friendly app specification (2021): main text ≥ 18 px,
 * largest ≥ 30 px, touch targets ≥ 60 px. Raised through Vant's theme variables, not per component.
 */
export const ELDER_THEME: ConfigProviderThemeVars = {
  // No text under 18 px, the smallest size included (hints, badges, "saved on this device").
  fontSizeXs: '18px',
  fontSizeSm: '18px',
  fontSizeMd: '20px',
  fontSizeLg: '22px',
  lineHeightXs: '26px',
  lineHeightSm: '26px',
  lineHeightMd: '28px',
  lineHeightLg: '30px',
  cellFontSize: '20px',
  cellLineHeight: '30px',
  cellVerticalPadding: '15px',
  cellLabelFontSize: '18px',
  cellLabelLineHeight: '26px',
  cellLargeTitleFontSize: '22px',
  fieldLabelWidth: '5.5em',
  buttonNormalFontSize: '20px',
  buttonDefaultHeight: '60px',
  buttonLargeHeight: '64px',
  buttonSmallHeight: '48px',
  buttonSmallFontSize: '18px',
  navBarHeight: '60px',
  navBarTitleFontSize: '22px',
  navBarIconColor: '#1a1a1a',
  navBarTextColor: '#1a1a1a',
  tabbarHeight: '72px',
  tabbarItemFontSize: '18px',
  tabbarItemIconSize: '30px',
  tabsLineHeight: '60px',
  tabFontSize: '20px',
  gridItemTextFontSize: '18px',
  gridItemIconSize: '40px',
  // Vant sets some lines in pixels (16 px) under text that is 18–20 px here: the letters would
  // spill out of their box (the 急需帮助 tag on 我的探访, a field's "0/200").
  tagLineHeight: '26px',
  tagPadding: '0 6px',
  fieldWordLimitLineHeight: '26px',
  cellGroupTitleLineHeight: '28px',
  // Vant writes a field's error in 12 px whatever the size of the rest.
  fieldErrorMessageFontSize: '18px',
  switchSize: '32px',
  radioSize: '24px',
  // Also the line of a checkbox's label (Vant sets it to the box's size): room for 22 px kiosk text.
  checkboxSize: '26px',
  // Grey text on white must keep 4.5:1: #5c5c5c is 6.6:1.
  textColor2: '#4a4a4a',
  textColor3: '#5c5c5c',
}

/** Normal mode only darkens Vant's light greys, which miss 4.5:1 on white. */
export const NORMAL_THEME: ConfigProviderThemeVars = {
  textColor2: '#5c5c5c',
  textColor3: '#6b6b6b',
  primaryColor: '#c8102e',
  tabbarItemActiveColor: '#c8102e',
  // Vant's #ee0a24 under white text is 3.9:1; this red is 7.2:1 (the form error colour).
  dangerColor: '#b00020',
  // Vant's grey tag (#969799) under white text is 2.9:1; this grey is 5.3:1.
  tagDefaultColor: '#6b6b6b',
  // Vant's green (2.4:1) and orange (2.1:1) under white text in tags and buttons: darker tones, 5.4:1.
  successColor: '#0b7a3b',
  warningColor: '#a85200',
  // Vant's orange notice text is 3:1 on its yellow; this brown is 6.9:1.
  noticeBarTextColor: '#7a4100',
}
