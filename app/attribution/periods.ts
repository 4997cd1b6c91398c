// Dashboard periods (browser and server).
export const DASHBOARD_PERIODS = [7, 30, 90] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

export function parsePeriod(value: string | null): DashboardPeriod {
  const n = Number(value);
  return (DASHBOARD_PERIODS as readonly number[]).includes(n) ? (n as DashboardPeriod) : 30;
}
