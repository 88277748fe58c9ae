/** Animated green check used when a payment is confirmed. */
export function SuccessCheck({ size = 96 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 52 52"
      className="animate-pop"
      role="img"
      aria-label="Berhasil"
    >
      <circle cx="26" cy="26" r="25" fill="#16a34a" />
      <path
        d="M14 27 l8 8 l16 -17"
        fill="none"
        stroke="white"
        strokeWidth="5"
        strokeLinecap="round"
        strokeLinejoin="round"
        strokeDasharray="48"
        strokeDashoffset="48"
        className="animate-draw"
      />
    </svg>
  );
}
