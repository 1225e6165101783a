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
