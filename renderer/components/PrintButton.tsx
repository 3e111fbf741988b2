/**
 * 打印 / 导出PDF for a print view route. In the Electron app the main process opens the view in
 * a hidden window with this user's session and saves it as PDF once the view says it is ready
 * (save dialog). In browser mode the view opens in this tab, where the session lives, and the
 * browser's print dialog opens when it is ready; its 返回 button comes back.
 */
import { Button, App } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { printWhenReady } from './printReady';

export function PrintButton({
  route,
  landscape,
  name,
  label = '打印',
}: {
  route: string;
  landscape?: boolean;
  name?: string;
  label?: string;
}) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onClick = async () => {
    const bridge = api.bridge();
    if (bridge) {
      const file = await bridge.printToPdf({ route, landscape, defaultName: name }, api.getToken());
      if (file) message.success(`已保存 PDF：${file}`);
      return;
    }
    printWhenReady(route);
    navigate(route);
  };
  return (
    <Button icon={<PrinterOutlined />} onClick={onClick} data-testid="print-button">
      {label}
    </Button>
  );
}
