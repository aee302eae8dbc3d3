import { useMutation } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';

export type ExportResult = { saved: true; filename: string } | { saved: false };

/** Asks the core for the key, then lets the user save it: a native dialog, or a browser download. */
export function useKeyfileExport(id: number) {
  const transport = useTransport();
  return useMutation<ExportResult, Error, 'keyfile' | 'paper'>({
    mutationFn: async (format) => {
      const exported = await transport.call('repositories.exportKeyfile', { id, format });
      const saved = await transport.saveFile({
        default_name: exported.filename,
        content: exported.content,
        title: format === 'paper' ? 'Save the paper key' : 'Save the keyfile',
      });
      return saved ? { saved: true, filename: exported.filename } : { saved: false };
    },
  });
}
