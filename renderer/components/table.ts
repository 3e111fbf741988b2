/** The table description lives in common/ so the Node-side exports use the same one. */
export * from '../../common/table';
