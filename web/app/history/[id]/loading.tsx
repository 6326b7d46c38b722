import { RouteLoading } from '@/components/history/route-loading';

export default function Loading() {
  return <RouteLoading what="this run" />;
}
