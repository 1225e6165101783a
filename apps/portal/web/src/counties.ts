import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './api';

export interface County {
  code: string;
  nameZh: string;
  nameEn: string;
  western: boolean;
}

/** Jiangmen's counties as staffing keeps them (GET /counties), and their names in the reader's language. */
export function useCounties() {
  const { i18n } = useTranslation();
  const query = useQuery({ queryKey: ['counties'], queryFn: () => api<County[]>('staffing', '/counties'), staleTime: Infinity });
  const list = query.data ?? [];
  const name = (code: string) => {
    const c = list.find((x) => x.code === code);
    return c ? (i18n.language === 'en' ? c.nameEn : c.nameZh) : code;
  };
  return { list, name, query };
}
