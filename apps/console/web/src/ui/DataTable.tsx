import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from '@tanstack/react-table';

interface DataTableProps<T> {
  caption: string;
  data: T[];
  columns: ColumnDef<T, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- TanStack's column values differ per column
  rowId: (row: T) => string;
  selection?: RowSelectionState;
  onSelectionChange?: (s: RowSelectionState) => void;
  empty: string;
}

/**
 * A table of one server page (the services page and filter; the table only draws), with optional row selection
 * for bulk actions.
 */
export function DataTable<T>({ caption, data, columns, rowId, selection, onSelectionChange, empty }: DataTableProps<T>) {
  const table = useReactTable({
    data,
    columns,
    getRowId: rowId,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    enableRowSelection: selection !== undefined,
    state: selection ? { rowSelection: selection } : {},
    onRowSelectionChange: (updater) => {
      if (!selection || !onSelectionChange) return;
      onSelectionChange(typeof updater === 'function' ? updater(selection) : updater);
    },
  });
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => (
                <th key={h.id} scope="col">{h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}</th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="empty">{empty}</td>
            </tr>
          )}
          {table.getRowModel().rows.map((r) => (
            <tr key={r.id} data-row-id={r.id} aria-selected={selection ? r.getIsSelected() : undefined}>
              {r.getVisibleCells().map((c) => (
                <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
