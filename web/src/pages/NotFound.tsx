import { Link } from '../router.tsx';
import { PageHeader } from '../components/ui.tsx';

export function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>There is no page at this address. <Link to="/">Go to Today</Link>.</p>
    </>
  );
}
