import type { FormInstance } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { ApiError, errorText } from '../api.ts';
import { type EditorValues, placeErrors } from './editorValues.ts';

export interface EditorProblem {
  title: string;
  /** Every complaint with the field it names, for the summary above the form. */
  items: { field: string; message: string }[];
}

/**
 * Puts a refused save back into the form: each complaint under its field, complaints about a whole list
 * above that list, and a summary (title plus every complaint) for the top of the page.
 */
export function useEditorErrors(form: FormInstance<EditorValues>) {
  const [sections, setSections] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<EditorProblem | null>(null);
  // The names that carry a complaint now, so clearing touches only them (and no unmounted form).
  const placed = useRef<(string | number)[][]>([]);

  const clear = useCallback(() => {
    setSections({});
    setProblem(null);
    const names = placed.current;
    placed.current = [];
    if (names.length) form.setFields(names.map((name) => ({ name: name as never, errors: [] })));
  }, [form]);

  const show = useCallback(
    (error: unknown) => {
      clear();
      const errors = error instanceof ApiError ? error.errors : [];
      const { fields, sections } = placeErrors(errors);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      placed.current = fields.map((f) => f.name);
      setSections(sections);
      setProblem({
        title: errorText(error),
        items: errors.map((e) => ({ field: e.field, message: e.message })),
      });
      if (fields[0]) form.scrollToField(fields[0].name as never, { block: 'center' });
      else {
        // No single field to point at: bring the section's complaint (else the summary) into view.
        setTimeout(() => {
          const target =
            document.querySelector('[data-testid^="editor-"][data-testid$="-errors"]') ??
            document.querySelector('[data-testid="editor-problem"]');
          target?.scrollIntoView({ block: 'center' });
        }, 0);
      }
    },
    [clear, form],
  );

  return { sections, problem, show, clear };
}
