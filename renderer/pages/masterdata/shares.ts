/** Display of category shares in the structure reports: shared with the command line in common/. */
export { shownShares, type Share } from '../../../common/structureTables';
