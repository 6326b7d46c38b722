import { redirect } from 'next/navigation';

/** Products are listed by the catalogue; `/products` alone leads there. */
export default function ProductsIndex() {
  redirect('/catalog');
}
