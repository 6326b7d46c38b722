'use client';

import { useEffect } from 'react';

/** Opens the collapsed `<details>` that holds the URL's #fragment (a search hit on a type or field). */
export function OpenTargetDetails() {
  useEffect(() => {
    function openTarget() {
      const id = decodeURIComponent(window.location.hash.slice(1));
      const target = id ? document.getElementById(id) : null;
      const details = target?.closest('details');
      if (!target || !details) return;
      if (!details.open) details.open = true;
      target.scrollIntoView({ block: 'start' });
    }
    openTarget();
    window.addEventListener('hashchange', openTarget);
    return () => window.removeEventListener('hashchange', openTarget);
  }, []);
  return null;
}
