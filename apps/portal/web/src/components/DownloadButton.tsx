import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, type ButtonProps } from 'antd';
import type { ReactNode } from 'react';
import { download, type Service } from '../api';
import { ErrorAlert } from './States';

/** A file from a service (PDF, workbook, CSV) through the gateway; a refusal is shown as the service's sentence. */
export function DownloadButton({ service, path, filename, children, ...button }: { service: Service; path: string; filename: string; children: ReactNode } & Omit<ButtonProps, 'onClick' | 'loading'>) {
  const run = useMutation({ mutationFn: () => download(service, path, filename) });
  return (
    <>
      <Button icon={<DownloadOutlined />} loading={run.isPending} onClick={() => run.mutate()} {...button}>
        {children}
      </Button>
      {run.error ? (
        <div style={{ marginTop: 8, width: '100%' }}>
          <ErrorAlert error={run.error} />
        </div>
      ) : null}
    </>
  );
}
