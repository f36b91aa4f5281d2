import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Material } from '../../core/catalog/guide.ts';
import { useTerms } from '../catalog/terms.ts';
import type { FileLink, GuideContent, Placement } from './portalApi.ts';
import './portal.css';

export type GuideMaterial = Material & { blankFile?: FileLink | null; sampleFile?: FileLink | null };

export interface GuideSectionsProps {
  guide: Omit<GuideContent, 'materials'> & { materials: GuideMaterial[] };
  departmentName: string;
  level: string;
  /** Names of the 联办 lead and participants; codes are shown when the names are not known. */
  leadName?: string | null;
  participantNames?: string[];
  windows?: Placement[];
  /** Places a village proxy may file it; undefined when not known (a draft in the console). */
  proxyPlaces?: Placement[];
  /** What a filing today would mean; omitted where there is no "today" to speak of (old versions). */
  timing?: { expectedCompletion: string | null; today: string } | null;
  shortenedPercent?: number | null;
}

function Section({
  id,
  title,
  tag,
  children,
}: {
  id: string;
  title: string;
  tag?: string;
  children: ReactNode;
}) {
  return (
    <section className="bm-guide-section" data-testid={`guide-section-${id}`} aria-labelledby={`gs-${id}`}>
      <h2 id={`gs-${id}`} className="bm-guide-h2">
        {tag && <span className="bm-guide-tag">{tag}</span>}
        {title}
      </h2>
      {children}
    </section>
  );
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="bm-guide-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Text({ children }: { children: string }) {
  return <span className="bm-pre">{children || '—'}</span>;
}

function Phone({ number }: { number: string }) {
  if (!number) return <>—</>;
  return <a href={`tel:${number.replace(/[^\d]/g, '')}`}>{number}</a>;
}

function placeList(places: readonly Placement[], sep: string): string {
  return places.map((p) => (p.parentName ? `${p.parentName} ${p.name}` : p.name)).join(sep);
}

export function FileLinks({ material, index }: { material: GuideMaterial; index: number }) {
  const { t } = useTranslation();
  const links = [
    { file: material.blankFile, label: t('portal.guide.blankForm'), kind: 'blank' },
    { file: material.sampleFile, label: t('portal.guide.sample'), kind: 'sample' },
  ].filter((l): l is { file: FileLink; label: string; kind: string } => Boolean(l.file));
  if (links.length === 0) return <span className="bm-muted">—</span>;
  return (
    <span className="bm-file-links">
      {links.map((l) => (
        <a
          key={l.kind}
          href={l.file.url}
          download={l.file.name}
          title={l.file.name}
          data-testid={`material-${index}-${l.kind}`}
        >
          <DownloadOutlined /> {l.label}
        </a>
      ))}
    </span>
  );
}

/** "2026-12-07（星期一）" / "2026-12-07 (Monday)". */
export function dateWithWeekday(date: string): string {
  const d = dayjs(date);
  return d.isValid()
    ? `${date}${d.locale() === 'en' ? ` (${d.format('dddd')})` : `（${d.format('dddd')}）`}`
    : date;
}

/**
 * A guide as residents read it: the five publics (服务、程序、材料、时限、收费) in that order, then the
 * conditions, the legal basis and the questions people ask. One column, so it prints as it reads.
 */
export function GuideSections(props: GuideSectionsProps) {
  const { guide, departmentName, level, windows, proxyPlaces, timing } = props;
  const { t } = useTranslation();
  const terms = useTerms();
  const sep = t('listSeparator');
  const yes = t('portal.yes');
  const no = t('portal.no');
  const handling = guide.handling;
  const required = guide.materials.filter((m) => m.required).length;

  let handlingText = terms.label('handlingKinds', handling.kind);
  if (handling.kind === 'joint') {
    const lead = props.leadName ?? handling.lead ?? '';
    const participants = props.participantNames?.length ? props.participantNames : handling.participants;
    handlingText += t('portal.guide.jointDetail', { lead, participants: participants.join(sep) });
  }
  if (handling.kind === 'escalated' && handling.targetLevel) {
    handlingText += t('portal.guide.escalatedDetail', {
      level: terms.label('escalationLevels', handling.targetLevel),
    });
  }

  const visits =
    guide.maxVisits === 0 ? t('portal.guide.zeroVisits') : t('portal.guide.visits', { n: guide.maxVisits });

  return (
    <div className="bm-guide">
      <Section id="service" tag={t('portal.guide.publicTag')} title={t('portal.guide.service')}>
        <dl className="bm-guide-dl">
          <Row label={t('portal.guide.type')}>{terms.label('itemTypes', guide.type)}</Row>
          <Row label={t('portal.guide.department')} testId="guide-department">
            {departmentName}
          </Row>
          <Row label={t('portal.guide.level')}>{terms.label('levels', level)}</Row>
          <Row label={t('portal.guide.handling')} testId="guide-handling">
            {handlingText}
          </Row>
          <Row label={t('portal.guide.place')}>
            <Text>{guide.place}</Text>
          </Row>
          {windows && (
            <Row label={t('portal.guide.windows')} testId="guide-windows">
              {windows.length ? placeList(windows, sep) : '—'}
            </Row>
          )}
          <Row label={t('portal.guide.hours')}>
            <Text>{guide.hours}</Text>
          </Row>
          <Row label={t('portal.guide.consultPhone')}>
            <Phone number={guide.consultPhone} />
          </Row>
          <Row label={t('portal.guide.complaintPhone')}>
            <Phone number={guide.complaintPhone} />
          </Row>
          <Row label={t('portal.guide.maxVisits')} testId="guide-visits">
            {visits}
          </Row>
          <Row label={t('portal.guide.online')}>{guide.onlineApply ? yes : no}</Row>
          <Row label={t('portal.guide.appointment')}>{guide.appointment ? yes : no}</Row>
          <Row label={t('portal.guide.proxy')} testId="guide-proxy">
            {!guide.proxyAllowed
              ? no
              : proxyPlaces === undefined
                ? yes
                : proxyPlaces.length
                  ? t('portal.guide.proxyAt', { places: placeList(proxyPlaces, sep) })
                  : t('portal.guide.proxyNowhere')}
          </Row>
          {guide.themes.length > 0 && (
            <Row label={t('portal.guide.themes')}>
              {guide.themes.map((c) => terms.label('themes', c)).join(sep)}
            </Row>
          )}
        </dl>
      </Section>

      <Section id="conditions" title={t('portal.guide.conditions')}>
        <p className="bm-pre bm-guide-p">{guide.conditions || '—'}</p>
      </Section>

      <Section id="procedure" tag={t('portal.guide.publicTag')} title={t('portal.guide.procedure')}>
        <ol className="bm-guide-steps">
          {guide.steps.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are an ordered list without ids
            <li key={i} data-testid={`guide-step-${i}`}>
              <span className="bm-step-no">{i + 1}</span>
              <span className="bm-step-body">
                <strong>{s.name}</strong>
                <span className="bm-muted">
                  {s.role}
                  {s.limit ? `${sep}${t('portal.guide.stepLimit', { limit: terms.limit(s.limit) })}` : ''}
                </span>
              </span>
            </li>
          ))}
        </ol>
      </Section>

      <Section id="materials" tag={t('portal.guide.publicTag')} title={t('portal.guide.materials')}>
        <p className="bm-muted bm-guide-p">
          {t('portal.guide.materialsSummary', { total: guide.materials.length, required })}
        </p>
        {guide.materials.length > 0 && (
          <div data-testid="guide-materials">
            {/* A table on a desk and on paper; on a phone each material is a short card. */}
            <table className="bm-guide-table bm-mat-table">
              <thead>
                <tr>
                  <th>{t('portal.guide.materialNo')}</th>
                  <th>{t('portal.guide.materialName')}</th>
                  <th>{t('portal.guide.materialRequired')}</th>
                  <th>{t('portal.guide.materialForm')}</th>
                  <th>{t('portal.guide.materialCopies')}</th>
                  <th>{t('portal.guide.materialSource')}</th>
                  <th className="bm-no-print-col">{t('portal.guide.materialFiles')}</th>
                </tr>
              </thead>
              <tbody>
                {guide.materials.map((m, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: materials are an ordered list without ids
                  <tr key={i} data-testid={`guide-material-row-${i}`}>
                    <td>{i + 1}</td>
                    <td className="bm-material-name">
                      <strong>{m.name}</strong>
                      {m.note && <div className="bm-muted">{m.note}</div>}
                    </td>
                    <td>
                      {m.required ? (
                        <span className="bm-required">{t('portal.guide.required')}</span>
                      ) : (
                        t('portal.guide.optional')
                      )}
                    </td>
                    <td>{terms.label('materialForms', m.form)}</td>
                    <td>{m.copies}</td>
                    <td>{terms.label('materialSources', m.source)}</td>
                    <td className="bm-no-print-col">
                      <FileLinks material={m} index={i} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ol className="bm-mat-list">
              {guide.materials.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: materials are an ordered list without ids
                <li key={i} data-testid={`guide-material-${i}`}>
                  <div className="bm-mat-head">
                    <span className="bm-mat-no">{i + 1}.</span>
                    <strong className="bm-mat-name">{m.name}</strong>
                    {m.required ? (
                      <span className="bm-required bm-mat-flag">{t('portal.guide.required')}</span>
                    ) : (
                      <span className="bm-muted bm-mat-flag">{t('portal.guide.optional')}</span>
                    )}
                  </div>
                  <div className="bm-muted">
                    {t('portal.guide.materialLine', {
                      form: terms.label('materialForms', m.form),
                      copies: m.copies,
                      source: terms.label('materialSources', m.source),
                    })}
                  </div>
                  {m.note && <div className="bm-muted">{m.note}</div>}
                  {(m.blankFile || m.sampleFile) && <FileLinks material={m} index={i} />}
                </li>
              ))}
            </ol>
          </div>
        )}
      </Section>

      <Section id="time" tag={t('portal.guide.publicTag')} title={t('portal.guide.time')}>
        <dl className="bm-guide-dl">
          <Row label={t('portal.guide.legalLimit')} testId="guide-legal-limit">
            {terms.limit(guide.legalLimit)}
          </Row>
          <Row label={t('portal.guide.promisedLimit')} testId="guide-promised-limit">
            {terms.limit(guide.promisedLimit)}
            {props.shortenedPercent ? (
              <span className="bm-muted">
                {' '}
                {t('portal.guide.shortened', { percent: props.shortenedPercent })}
              </span>
            ) : null}
          </Row>
          {timing && (
            <Row label={t('portal.guide.expected')} testId="guide-expected">
              {timing.expectedCompletion
                ? t('portal.guide.expectedText', { date: dateWithWeekday(timing.expectedCompletion) })
                : t('portal.guide.expectedUnknown')}
            </Row>
          )}
        </dl>
      </Section>

      <Section id="fees" tag={t('portal.guide.publicTag')} title={t('portal.guide.fees')}>
        {!guide.charged || guide.fees.length === 0 ? (
          <p className="bm-guide-p" data-testid="guide-free">
            <strong>{t('portal.guide.free')}</strong>
          </p>
        ) : (
          <table className="bm-guide-table bm-stack-table" data-testid="guide-fee-table">
            <thead>
              <tr>
                <th>{t('portal.guide.feeName')}</th>
                <th>{t('portal.guide.feeStandard')}</th>
                <th>{t('portal.guide.feeBasis')}</th>
              </tr>
            </thead>
            <tbody>
              {guide.fees.map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: fees are an ordered list without ids
                <tr key={i}>
                  <td data-label={t('portal.guide.feeName')}>{f.name}</td>
                  <td data-label={t('portal.guide.feeStandard')}>{f.standard}</td>
                  <td data-label={t('portal.guide.feeBasis')}>{f.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section id="basis" title={t('portal.guide.legalBasis')}>
        <p className="bm-pre bm-guide-p">{guide.legalBasis || '—'}</p>
      </Section>

      {guide.faq.length > 0 && (
        <Section id="faq" title={t('portal.guide.faq')}>
          <dl className="bm-guide-faq">
            {guide.faq.map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: questions are an ordered list without ids
              <div key={i}>
                <dt>{f.question}</dt>
                <dd className="bm-pre">{f.answer}</dd>
              </div>
            ))}
          </dl>
        </Section>
      )}
    </div>
  );
}
