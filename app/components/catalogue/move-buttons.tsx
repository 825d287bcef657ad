import { AppForm, Button } from "../forms";

/** Up/down buttons for one item of an ordered list; the ends get no button that would do nothing. */
export function MoveButtons({
  intent,
  idName,
  id,
  label,
  isFirst,
  isLast,
}: {
  intent: string;
  idName: string;
  id: string;
  label: string;
  isFirst: boolean;
  isLast: boolean;
}) {
  return (
    <AppForm className="flex gap-1">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={idName} value={id} />
      <Button
        variant="secondary"
        name="direction"
        value="up"
        disabled={isFirst}
        aria-label={`Move ${label} up`}
      >
        <span aria-hidden="true">↑</span>
      </Button>
      <Button
        variant="secondary"
        name="direction"
        value="down"
        disabled={isLast}
        aria-label={`Move ${label} down`}
      >
        <span aria-hidden="true">↓</span>
      </Button>
    </AppForm>
  );
}
