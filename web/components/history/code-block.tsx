import { CopyButton } from '@/components/copy-button';
import styles from './workspace.module.css';

/** Preformatted text with a heading and a copy button; the block scrolls and takes keyboard focus. */
export function CodeBlock({
  id,
  title,
  text,
  level = 3,
  testId,
}: {
  id: string;
  title: string;
  text: string;
  level?: 2 | 3;
  testId?: string;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div>
      <div className={styles.codeHeader}>
        <Heading id={`${id}-heading`}>{title}</Heading>
        <CopyButton value={text} label={title.toLowerCase()} />
      </div>
      <pre className={styles.code} tabIndex={0} aria-labelledby={`${id}-heading`} data-testid={testId}>
        <code>{text}</code>
      </pre>
    </div>
  );
}
