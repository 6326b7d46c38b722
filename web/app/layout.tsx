import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'FAIR data mesh',
  description: 'Federated, versioned research data products behind one GraphQL supergraph.',
};

export default function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <span className="brand">FAIR data mesh</span>
            <span className="brand__tagline">Findable · Accessible · Interoperable · Reusable</span>
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
