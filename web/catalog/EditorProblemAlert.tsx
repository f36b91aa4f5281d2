import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLabel } from './CompareModal.tsx';
import type { EditorProblem } from './useEditorErrors.ts';

/** The summary of a refused save: the server's title and each complaint with the field it names. */
export function EditorProblemAlert({ problem }: { problem: EditorProblem | null }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ margin: '12px 0' }}
      data-testid="editor-problem"
      title={problem.title}
      description={
        problem.items.length > 0 ? (
          <ul className="bm-error-list">
            {problem.items.map((e) => (
              <li key={`${e.field}:${e.message}`} data-field={e.field}>
                <strong>{fieldLabel(t, e.field)}</strong>
                {t('catalog.editor.colon')}
                {e.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
