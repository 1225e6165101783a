import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';
import { TrainingRecord } from '../shared/TrainingRecord';

/** A teacher's training hours, compliance (R7/R8), growth stage (R12) and transcript, phone first. */
export default function MyTraining() {
  const { t } = useTranslation(['training', 'common']);
  return (
    <div style={{ maxWidth: 720 }}>
      <PageTitle>{t('mine.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('mine.intro')}</Typography.Paragraph>
      <TrainingRecord />
    </div>
  );
}
