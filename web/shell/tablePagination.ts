import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';

/** The server-paged table footer every console list uses: page, page size, total count. */
export function tablePagination(
  t: TFunction,
  state: { page: number; pageSize: number; total: number },
  onChange: (page: number, pageSize: number) => void,
): TablePaginationConfig {
  return {
    current: state.page,
    pageSize: state.pageSize,
    total: state.total,
    showSizeChanger: true,
    showTotal: (count) => t('table.total', { count }),
    onChange,
  };
}
