/**
 * The ag-grid community modules the grid uses, registered once (DataGrid imports this file).
 * Registering only these keeps the rest of ag-grid out of the bundle. A grid feature whose
 * module is missing makes ag-grid log "error #200" naming the module: add it here.
 */
import {
  CellApiModule,
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  LocaleModule,
  ModuleRegistry,
  NumberEditorModule,
  NumberFilterModule,
  PinnedRowModule,
  RenderApiModule,
  RowApiModule,
  RowAutoHeightModule,
  RowSelectionModule,
  ScrollApiModule,
  SelectEditorModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
} from 'ag-grid-community';

ModuleRegistry.registerModules([
  ClientSideRowModelModule, //    rowData
  ClientSideRowModelApiModule, // forEachNodeAfterFilterAndSort (export in the grid's order)
  ColumnApiModule, //             getColumn (double-click on an editable cell)
  LocaleModule, //                the Chinese locale text
  TextFilterModule,
  NumberFilterModule,
  TextEditorModule,
  NumberEditorModule,
  SelectEditorModule,
  PinnedRowModule, //             合计 rows
  RowSelectionModule, //          checkbox selection, getSelectedNodes/Rows
  CellStyleModule, //             cellClassRules / cellStyle (a value that does not parse turns red)
  TooltipModule, //               the reason beside a refused value
  RenderApiModule, //             refreshCells
  RowApiModule, //                getDisplayedRowAtIndex
  CellApiModule, //               cell values for copy and paste
  ScrollApiModule, //             keeping the focused cell in view
  RowAutoHeightModule, //         rows as tall as a wrapping column's text (a register's 标题)
]);
