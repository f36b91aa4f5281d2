import {
  AppstoreOutlined,
  BookOutlined,
  CoffeeOutlined,
  EnvironmentOutlined,
  HeartOutlined,
  HomeOutlined,
  InsuranceOutlined,
  MedicineBoxOutlined,
  ReadOutlined,
  ShopOutlined,
  SmileOutlined,
  SolutionOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

/** One picture per life event, so the tiles read at a glance on a phone. */
export const THEME_ICONS: Record<string, ReactNode> = {
  birth: <SmileOutlined />,
  school: <ReadOutlined />,
  employment: <SolutionOutlined />,
  elderly_care: <CoffeeOutlined />,
  disability: <UsergroupAddOutlined />,
  business_startup: <ShopOutlined />,
  marriage: <HeartOutlined />,
  housing: <HomeOutlined />,
  medical: <MedicineBoxOutlined />,
  social_assistance: <InsuranceOutlined />,
  farming: <EnvironmentOutlined />,
  culture: <BookOutlined />,
  other: <AppstoreOutlined />,
};
