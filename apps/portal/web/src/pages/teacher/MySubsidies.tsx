import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';
import { SubsidyStatement } from '../shared/SubsidyStatement';

/** A teacher's living subsidy (R9), phone first: month by month, why each amount, payments, the yearly PDF. */
export default function MySubsidies() {
  const { t } = useTranslation(['subsidies', 'common']);
  return (
    <div style={{ maxWidth: 720 }}>
      <PageTitle>{t('mine.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('mine.intro')}</Typography.Paragraph>
      <SubsidyStatement />
    </div>
  );
}
