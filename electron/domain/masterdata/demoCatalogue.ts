/**
 * Word lists and a product catalogue for generated demo counties. Spec names
 * follow the trade's habit 品牌(规格); prices are per 条 in 元 (调拨价).
 */

export interface CatalogueSpec {
  brand: string;
  maker: string;
  spec: string;
  /** 调拨价, 元/条 */
  transfer: number;
  lowTar?: boolean;
}

const M = {
  hb: '湖北中烟',
  sh: '上海烟草集团',
  hn: '湖南中烟',
  yn: '红塔烟草集团',
  hh: '红云红河集团',
  zj: '浙江中烟',
  js: '江苏中烟',
  gz: '贵州中烟',
  fj: '福建中烟',
  gd: '广东中烟',
  sc: '四川中烟',
  gx: '广西中烟',
  sd: '山东中烟',
  ah: '安徽中烟',
  hen: '河南中烟',
  bj: '北京卷烟厂',
};

/** Real-looking base specs across the 价类 (一类 ≥ 100, 二类 70–100, 三类 30–70, 四类 16.5–30, 五类 < 16.5). */
export const BASE_SPECS: CatalogueSpec[] = [
  // 一类
  { brand: '中华', maker: M.sh, spec: '硬', transfer: 390 },
  { brand: '中华', maker: M.sh, spec: '软', transfer: 590 },
  { brand: '中华', maker: M.sh, spec: '双中支', transfer: 480 },
  { brand: '黄鹤楼', maker: M.hb, spec: '软蓝', transfer: 170 },
  { brand: '黄鹤楼', maker: M.hb, spec: '硬奇景', transfer: 360 },
  { brand: '黄鹤楼', maker: M.hb, spec: '1916中支', transfer: 650 },
  { brand: '黄鹤楼', maker: M.hb, spec: '硬天下名楼', transfer: 155 },
  { brand: '芙蓉王', maker: M.hn, spec: '硬', transfer: 200 },
  { brand: '白沙', maker: M.hn, spec: '和天下', transfer: 850 },
  { brand: '玉溪', maker: M.yn, spec: '软', transfer: 190 },
  { brand: '云烟', maker: M.hh, spec: '软珍品', transfer: 190 },
  { brand: '利群', maker: M.zj, spec: '新版', transfer: 125 },
  { brand: '利群', maker: M.zj, spec: '休闲细支', transfer: 210 },
  { brand: '南京', maker: M.js, spec: '炫赫门', transfer: 150 },
  { brand: '苏烟', maker: M.js, spec: '软金砂', transfer: 330 },
  { brand: '贵烟', maker: M.gz, spec: '跨越', transfer: 175 },
  { brand: '七匹狼', maker: M.fj, spec: '通仙', transfer: 140 },
  { brand: '双喜', maker: M.gd, spec: '硬世纪经典', transfer: 110 },
  { brand: '娇子', maker: M.sc, spec: '宽窄好运', transfer: 125 },
  { brand: '真龙', maker: M.gx, spec: '娇子', transfer: 135 },
  { brand: '泰山', maker: M.sd, spec: '佛光', transfer: 120 },
  { brand: '黄山', maker: M.ah, spec: '硬天都', transfer: 210 },
  { brand: '黄金叶', maker: M.hen, spec: '天叶', transfer: 600 },
  { brand: '钻石', maker: M.hb, spec: '荷花', transfer: 290 },
  // 二类
  { brand: '红塔山', maker: M.yn, spec: '硬经典', transfer: 75 },
  { brand: '七匹狼', maker: M.fj, spec: '软通泰', transfer: 85 },
  { brand: '云烟', maker: M.hh, spec: '紫', transfer: 90 },
  { brand: '利群', maker: M.zj, spec: '软蓝', transfer: 90 },
  { brand: '黄鹤楼', maker: M.hb, spec: '硬金砂', transfer: 95 },
  { brand: '红金龙', maker: M.hb, spec: '硬红爱你', transfer: 80 },
  { brand: '南京', maker: M.js, spec: '硬红', transfer: 78 },
  { brand: '芙蓉王', maker: M.hn, spec: '硬蓝', transfer: 92 },
  { brand: '娇子', maker: M.sc, spec: '软阳光', transfer: 72 },
  { brand: '贵烟', maker: M.gz, spec: '硬黄精品', transfer: 75 },
  { brand: '真龙', maker: M.gx, spec: '硬起源', transfer: 88 },
  { brand: '泰山', maker: M.sd, spec: '硬红将军', transfer: 72 },
  // 三类
  { brand: '红金龙', maker: M.hb, spec: '硬神州', transfer: 55 },
  { brand: '红金龙', maker: M.hb, spec: '硬虹之彩', transfer: 48 },
  { brand: '白沙', maker: M.hn, spec: '硬精品', transfer: 45 },
  { brand: '白沙', maker: M.hn, spec: '硬精品二代', transfer: 58 },
  { brand: '红河', maker: M.hh, spec: '硬99', transfer: 36 },
  { brand: '红塔山', maker: M.yn, spec: '硬恭贺新禧', transfer: 42 },
  { brand: '双喜', maker: M.gd, spec: '软经典', transfer: 38 },
  { brand: '七匹狼', maker: M.fj, spec: '硬灰', transfer: 52 },
  { brand: '黄山', maker: M.ah, spec: '硬红方印', transfer: 50 },
  { brand: '云烟', maker: M.hh, spec: '硬云龙', transfer: 62 },
  { brand: '娇子', maker: M.sc, spec: '硬天府印象', transfer: 40 },
  { brand: '黄金叶', maker: M.hen, spec: '硬金满堂', transfer: 44 },
  { brand: '真龙', maker: M.gx, spec: '硬海韵', transfer: 46 },
  { brand: '红双喜', maker: M.sh, spec: '硬上海', transfer: 33 },
  { brand: '钻石', maker: M.hb, spec: '硬玉', transfer: 35 },
  { brand: '泰山', maker: M.sd, spec: '硬宏图', transfer: 32 },
  // 四类
  { brand: '红金龙', maker: M.hb, spec: '软蓝', transfer: 24 },
  { brand: '红河', maker: M.hh, spec: '软甲', transfer: 20 },
  { brand: '红梅', maker: M.yn, spec: '软黄', transfer: 22 },
  { brand: '大前门', maker: M.sh, spec: '短支', transfer: 19 },
  { brand: '哈德门', maker: M.sd, spec: '精品', transfer: 26 },
  { brand: '白沙', maker: M.hn, spec: '软', transfer: 21 },
  { brand: '黄山', maker: M.ah, spec: '软红', transfer: 28 },
  { brand: '双喜', maker: M.gd, spec: '软红', transfer: 18 },
  { brand: '钻石', maker: M.hb, spec: '软红', transfer: 17.5 },
  // 五类
  { brand: '经济', maker: M.hb, spec: '硬', transfer: 12 },
  { brand: '红三环', maker: M.hb, spec: '软', transfer: 14 },
  { brand: '大红鹰', maker: M.zj, spec: '软', transfer: 15 },
  { brand: '金桥', maker: M.sh, spec: '软', transfer: 11 },
  { brand: '红旗渠', maker: M.hen, spec: '软银河', transfer: 13 },
];

/** Variant words used to extend the catalogue to the size's spec count. */
export const VARIANTS = ['细支', '中支', '新版', '金', '蓝', '硬红', '软白', '爆珠', '典藏', '精品', '逸品', '雅韵', '天骄', '红运', '清香', '金砂'];

export const TOWNS = [
  '城关', '新华', '东门', '西街', '南湖', '北关', '河口', '白沙', '杨店', '长岭', '石桥', '柳林', '马坪', '三合', '清水', '龙泉',
  '高桥', '双河', '黄庄', '桃园', '青山', '枫林', '莲花', '金塘', '梅子', '花园', '大兴', '永安', '新店', '孙湾', '陈集', '李集',
];

export const SHOP_WORDS = ['便民', '兴隆', '鑫源', '福满多', '好运', '佳佳', '平价', '惠民', '永兴', '万家', '金福', '红星', '顺发', '和顺', '春晖', '百姓', '明珠', '新世纪', '开心', '恒信'];

export const SHOP_SUFFIX: Record<string, string[]> = {
  食杂店: ['商店', '小卖部', '副食店', '杂货店'],
  便利店: ['便利店', '便利'],
  超市: ['超市', '购物中心'],
  商场: ['商场', '百货大楼'],
  烟酒店: ['烟酒行', '名烟名酒', '烟酒商行'],
  娱乐服务类: ['棋牌室', '宾馆', 'KTV', '网吧'],
  其他: ['加油站便利点', '批零部', '农家乐'],
};

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '华', '平', '刚', '桂英', '建国', '志强', '海燕', '红梅', '晓东', '文斌', '俊', '婷', '鹏', '丽'];
