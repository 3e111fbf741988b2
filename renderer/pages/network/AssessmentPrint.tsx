/** Print view of 客户经理月度考核表 with a signature column and the department's signature lines. */
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { PrintDocument, PrintTable } from '../../components/PrintDocument';
import { useApp } from '../../app/AppContext';
import { monthLabel, searchParam } from './common';
import { assessmentSpec, assessmentValuesSpec, schemeNote } from './assessmentTable';

export function AssessmentPrint() {
  const { settings } = useApp();
  const period = searchParam('period') ?? '';
  const { data, error } = useCall('network.assessment', { period }, []);
  if (error) return <div style={{ padding: 40 }}>{error.message}</div>;
  if (!data) return <Spin style={{ margin: 80 }} />;
  return (
    <PrintDocument
      title="客户经理月度考核表"
      unitName={settings?.unitName}
      period={monthLabel(period)}
      unitLine="单位：分"
      orientation="landscape"
      note={schemeNote(data)}
      signatures={['制表人', '审核人（客服部主任）', '制表日期']}
    >
      <PrintTable spec={assessmentSpec(data, { signature: true })} />
      <PrintTable spec={assessmentValuesSpec(data)} caption="各项实际完成情况（“—”为无数据）" />
    </PrintDocument>
  );
}
