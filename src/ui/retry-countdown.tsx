// The wait before a retry, counted down in whole seconds (chat and compare answers show it).
import { useEffect, useState } from 'react';

export function RetryCountdown({ until, words }: { until: number; words: (seconds: number) => string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="status" role="status" data-testid="retry-countdown">
      {words(Math.max(0, Math.ceil((until - now) / 1000)))}
    </div>
  );
}
