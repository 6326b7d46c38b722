import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { SessionStatus } from '@/components/session-status';
import { AccessNavLink } from '@/components/access/access-nav-link';
import './globals.css';

export const metadata: Metadata = {
  title: 'FAIR data mesh',
  description: 'Federated, versioned research data products behind one GraphQL supergraph.',
};

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  // Every page renders per request: Next.js puts the request's CSP nonce (proxy.ts) on its scripts then.
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <Link className="brand" href="/">
              FAIR data mesh
            </Link>
            <span className="brand__tagline">Findable · Accessible · Interoperable · Reusable</span>
            <nav aria-label="Main" className="site-nav">
              <Link href="/catalog">Catalogue</Link>
              <Link href="/history">History</Link>
              <Link href="/udats">Saved</Link>
              {/* A full page load: the explorer's policy differs (proxy.ts), and the page's decides. */}
              <a href="/explorer">Explorer</a>
              <Link href="/tokens">API tokens</Link>
              <Suspense fallback={<Link href="/access">Access</Link>}>
                <AccessNavLink />
              </Suspense>
            </nav>
            <Suspense fallback={null}>
              <SessionStatus />
            </Suspense>
          </div>
        </header>
        <main id="main" className="container site-main">
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            Every answer names the product versions and data snapshots that produced it.
          </div>
        </footer>
      </body>
    </html>
  );
}
