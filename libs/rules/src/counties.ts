/** Jiangmen's seven county-level units (江门市辖区、县级市). Taishan, Kaiping and Enping are the "western" counties the plan singles out. */
export const JIANGMEN_COUNTIES = [
  { code: 'pengjiang', nameZh: '蓬江区', nameEn: 'Pengjiang', western: false },
  { code: 'jianghai', nameZh: '江海区', nameEn: 'Jianghai', western: false },
  { code: 'xinhui', nameZh: '新会区', nameEn: 'Xinhui', western: false },
  { code: 'taishan', nameZh: '台山市', nameEn: 'Taishan', western: true },
  { code: 'kaiping', nameZh: '开平市', nameEn: 'Kaiping', western: true },
  { code: 'heshan', nameZh: '鹤山市', nameEn: 'Heshan', western: false },
  { code: 'enping', nameZh: '恩平市', nameEn: 'Enping', western: true },
] as const;

/** Jiangmen's seven county-level units (蓬江 江海 新会 台山 开平 鹤山 恩平), by the codes every service uses. */
export const JIANGMEN_COUNTY_CODES = JIANGMEN_COUNTIES.map((c) => c.code);
export type JiangmenCountyCode = (typeof JIANGMEN_COUNTIES)[number]['code'];

/** "台山市 Taishan" for a document people read; the code itself for a county outside Jiangmen's seven. */
export function countyDisplayName(code: string): string {
  const c = JIANGMEN_COUNTIES.find((x) => x.code === code);
  return c ? `${c.nameZh} ${c.nameEn}` : code;
}
