// Images from evidence are blurred until the analyst chooses to see them (and can be blurred
// again): exposure to harmful material is a welfare risk, so nothing shows unasked.
import { useState } from 'react';

export function BlurredImage({ src, alt }: { src: string; alt: string }) {
  const [shown, setShown] = useState(false);
  return (
    <button
      type="button"
      className={`blurred-image ${shown ? 'shown' : 'hidden'}`}
      onClick={() => setShown((s) => !s)}
      aria-pressed={shown}
      aria-label={shown ? `Blur ${alt}` : `Show ${alt} (image is blurred)`}
      data-testid="blurred-image"
    >
      <img src={src} alt={alt} loading="lazy" draggable={false} />
      {!shown ? <span className="blur-note">Image hidden: click to show</span> : null}
    </button>
  );
}
