import {
  LEVEL_LABELS,
  LEVELS,
  PRIORITY_LABELS,
  TICKET_PRIORITIES,
} from "~/modules/tickets/constants";
import type { PriorityMatrix } from "~/modules/tickets/priority-matrix";
import { FieldError } from "../forms";

/** Impact (rows) × urgency (columns) → priority, one labelled select per cell. */
export function PriorityMatrixEditor({
  matrix,
  values,
  errors,
}: {
  matrix: PriorityMatrix;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="text-sm">
        <caption className="sr-only">Priority by impact (rows) and urgency (columns)</caption>
        <thead>
          <tr>
            <td className="p-2" />
            {LEVELS.map((u) => (
              <th key={u} scope="col" className="p-2 text-left font-semibold">
                {LEVEL_LABELS[u]} urgency
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {LEVELS.map((i) => (
            <tr key={i}>
              <th scope="row" className="p-2 text-left font-semibold whitespace-nowrap">
                {LEVEL_LABELS[i]} impact
              </th>
              {LEVELS.map((u) => {
                const name = `matrix.${i}.${u}`;
                const id = `matrix-${i}-${u}`;
                return (
                  <td key={u} className="p-2 align-top">
                    <label htmlFor={id} className="sr-only">
                      {`Priority for ${LEVEL_LABELS[i].toLowerCase()} impact and ${LEVEL_LABELS[u].toLowerCase()} urgency`}
                    </label>
                    <select
                      id={id}
                      name={name}
                      defaultValue={values[name] ?? String(matrix[i][u])}
                      aria-invalid={errors[name] ? true : undefined}
                      aria-describedby={errors[name] ? `${id}-error` : undefined}
                      className="block w-36 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm"
                    >
                      {TICKET_PRIORITIES.map((p) => (
                        <option key={p} value={p}>
                          {PRIORITY_LABELS[p]}
                        </option>
                      ))}
                    </select>
                    <FieldError id={`${id}-error`} error={errors[name]} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
