import { RouteLoading } from '@/components/history/route-loading';

export default function Loading() {
  return <RouteLoading what="your API tokens" />;
}
