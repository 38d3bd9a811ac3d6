// A tab or menu link that says whether its page is showing (aria-current="page"): its own page, a page below it,
// or pages that belong to it without sharing its path (`also`: a list's items open below other paths).
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';

export function TabLink({
  href,
  testId,
  also = [],
  className,
  onIntent,
  children,
}: {
  href: string;
  testId: string;
  also?: readonly string[];
  className?: string;
  /** The pointer or focus reached the link: a page's code can start loading before the click. */
  onIntent?: () => void;
  children: ReactNode;
}) {
  const [location] = useLocation();
  const current = location === href || (href !== '/' && location.startsWith(`${href}/`)) || also.some((p) => location.startsWith(p));
  return (
    <Link
      href={href}
      className={className}
      aria-current={current ? 'page' : undefined}
      data-testid={testId}
      onPointerEnter={onIntent}
      onFocus={onIntent}
    >
      {children}
    </Link>
  );
}
