import { CheckCircleFilled, ClockCircleOutlined } from '@ant-design/icons';
import { Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../i18n/index.ts';
import { dateWithWeekday } from './GuideSections.tsx';
import type { TimelineEntry } from './myCasesApi.ts';
import { publicLabelText } from './publicLabels.ts';

/**
 * The case's public steps, oldest first, the current one marked; while the case is open a last grey step
 * says when it is expected to be done. Labels are the server's public ones (预受理, 受理, 办结…).
 */
export function CaseTimeline({
  timeline,
  expectedCompletionDate,
  closed,
}: {
  timeline: TimelineEntry[];
  expectedCompletionDate: string | null;
  closed?: boolean;
}) {
  const { t } = useTranslation();
  const items = timeline.map((entry, i) => {
    const current = i === timeline.length - 1;
    return {
      key: `${i}-${entry.at}`,
      color: current ? 'red' : 'green',
      icon: current ? <CheckCircleFilled /> : undefined,
      // Label and time together on one side: a phone has no room for antd's two-sided title column.
      content: (
        <div>
          <div className={current ? 'bm-tl-label bm-tl-current' : 'bm-tl-label'} data-testid="timeline-label">
            {publicLabelText(entry.label)}
          </div>
          <div className="bm-muted bm-tl-at">{formatTime(entry.at).slice(0, 16)}</div>
        </div>
      ),
    };
  });
  if (!closed && expectedCompletionDate) {
    items.push({
      key: 'expected',
      color: 'gray',
      icon: <ClockCircleOutlined />,
      content: (
        <div className="bm-tl-label bm-muted" data-testid="timeline-expected">
          {t('portalCases.timeline.expected', { date: dateWithWeekday(expectedCompletionDate) })}
        </div>
      ),
    });
  }
  return (
    <div className="bm-tl" data-testid="case-timeline">
      <Timeline items={items} />
    </div>
  );
}
