import { useTranslation } from 'react-i18next';
import { useTerms } from '../catalog/terms.ts';

interface Props {
  /** zero_visit 零跑动 | at_most_once 最多跑一次 (from the maximum visits). */
  badge: string | null;
  handlingKind: string;
  onlineApply: boolean;
  /** Whether a village proxy can file it (on the guide page: allowed and some village set up). */
  proxy: boolean;
  appointment?: boolean;
}

/** The marks residents scan a list for: 零跑动 / 最多跑一次, 即办, 可网上申办, 可代办, 可预约. */
export function GuideBadges({ badge, handlingKind, onlineApply, proxy, appointment }: Props) {
  const { t } = useTranslation();
  const terms = useTerms();
  return (
    <span className="bm-badges">
      {badge && (
        <span
          className={`bm-badge ${badge === 'zero_visit' ? 'bm-badge-green' : 'bm-badge-cyan'}`}
          data-testid={`badge-${badge}`}
        >
          {terms.label('badges', badge)}
        </span>
      )}
      {handlingKind === 'on_the_spot' && (
        <span className="bm-badge bm-badge-gold" data-testid="badge-on-the-spot">
          {t('portal.badge.onTheSpot')}
        </span>
      )}
      {onlineApply && (
        <span className="bm-badge bm-badge-blue" data-testid="badge-online">
          {t('portal.badge.online')}
        </span>
      )}
      {proxy && (
        <span className="bm-badge bm-badge-purple" data-testid="badge-proxy">
          {t('portal.badge.proxy')}
        </span>
      )}
      {appointment && (
        <span className="bm-badge" data-testid="badge-appointment">
          {t('portal.badge.appointment')}
        </span>
      )}
    </span>
  );
}
